// Render, sign and archive a 10-line Factur-X, side by side with its reference: a bare cairo A4
// page with the same fonts (DejaVu Sans and Bold, embedded) and a similar amount of text. The
// "archive" part is the SHA-256 of the signed bytes (the database insert is not measured here).
// Run by ./factflow bench; the numbers go in the README, never asserted.

#include <benchmark/benchmark.h>
#include <cairo-pdf.h>
#include <cairo.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/time/clock.h"
#include "domain/testing/sample_invoices.h"
#include "hash/sha256.h"
#include "kafka/render_pool.h"
#include "rendering/facturx.h"
#include "rendering/pdf_signature.h"

namespace {

using factflow::dispatch::rendering::SigningIdentity;

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// One A4 page, 40 lines of text in DejaVu Sans and Bold: the floor of any cairo invoice.
std::string BareCairoPage() {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &pdf, 595.28, 841.89);
  cairo_t* cr = cairo_create(surface);
  for (int i = 0; i < 40; ++i) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           i % 4 == 0 ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 9);
    cairo_move_to(cr, 40, 60 + 18 * i);
    cairo_show_text(cr, "Désignation de l'article 10 x 12,50 € TVA 20 % 125,00 €");
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

const SigningIdentity& Identity() {
  static const SigningIdentity identity = [] {
    std::string key = "/tmp/factflow-bench-key.pem", cert = "/tmp/factflow-bench-cert.pem";
    std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=bench "
                          "-keyout " + key + " -out " + cert + " 2>/dev/null";
    if (std::system(command.c_str()) != 0) std::abort();
    std::ostringstream pem;
    pem << std::ifstream(cert).rdbuf() << std::ifstream(key).rdbuf();
    std::remove(key.c_str());
    std::remove(cert.c_str());
    auto loaded = SigningIdentity::Load(pem.str(), "", "bench");
    if (!loaded.ok()) std::abort();
    return *loaded;
  }();
  return identity;
}

void BM_BareCairoPage(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(BareCairoPage());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BareCairoPage)->Unit(benchmark::kMillisecond);

void BM_RenderFacturX(benchmark::State& state) {
  auto invoice = factflow::dispatch::domain::testing::SampleInvoiceWithLines(10);
  for (auto _ : state) benchmark::DoNotOptimize(factflow::dispatch::rendering::RenderFacturX(invoice));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderFacturX)->Unit(benchmark::kMillisecond);

void BM_RenderSignArchiveFacturX(benchmark::State& state) {
  auto invoice = factflow::dispatch::domain::testing::SampleInvoiceWithLines(10);
  const SigningIdentity& identity = Identity();
  for (auto _ : state) {
    auto fx = factflow::dispatch::rendering::RenderFacturX(invoice);
    auto signed_pdf = factflow::dispatch::rendering::SignPdf(fx->pdf, identity, absl::Now());
    benchmark::DoNotOptimize(factflow::hash::Sha256Hex(*signed_pdf));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderSignArchiveFacturX)->Unit(benchmark::kMillisecond);

// The archive's throughput with its render pool (chorus-dispatch, kafka/render_pool.h): a chunk
// of 25 invoices rendered, signed and hashed over Arg workers, in wall time (items/s is the
// process's throughput; compare Arg 1 with Arg 2 on the 2-core machine).
void BM_ArchiveChunkOverRenderPool(benchmark::State& state) {
  auto invoice = factflow::dispatch::domain::testing::SampleInvoiceWithLines(10);
  const SigningIdentity& identity = Identity();
  factflow::dispatch::RenderPool pool(static_cast<size_t>(state.range(0)));
  constexpr size_t kChunk = 25;
  for (auto _ : state) {
    pool.ForEach(kChunk, [&](size_t) {
      auto fx = factflow::dispatch::rendering::RenderFacturX(invoice);
      auto signed_pdf = factflow::dispatch::rendering::SignPdf(fx->pdf, identity, absl::Now());
      benchmark::DoNotOptimize(factflow::hash::Sha256Hex(*signed_pdf));
    });
  }
  state.SetItemsProcessed(state.iterations() * kChunk);
}
BENCHMARK(BM_ArchiveChunkOverRenderPool)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
