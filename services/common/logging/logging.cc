#include "logging/logging.h"

#include <openssl/rand.h>

#include <memory>

#include "spdlog/pattern_formatter.h"
#include "spdlog/sinks/stdout_sinks.h"
#include "spdlog/spdlog.h"

namespace factflow::logging {
namespace {

thread_local Context current_context;

void AppendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    switch (c) {
      case '"':
        dest.append(std::string_view("\\\""));
        break;
      case '\\':
        dest.append(std::string_view("\\\\"));
        break;
      case '\n':
        dest.append(std::string_view("\\n"));
        break;
      case '\r':
        dest.append(std::string_view("\\r"));
        break;
      case '\t':
        dest.append(std::string_view("\\t"));
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char esc[] = {'\\', 'u', '0', '0', kHex[(c >> 4) & 0xF], kHex[c & 0xF]};
          dest.append(esc, esc + sizeof(esc));
        } else {
          dest.push_back(c);
        }
    }
  }
}

// %* : the thread's context, as ` tenant=... corr=...` (text) or `,"tenant":"..."` (json).
class ContextFlag : public spdlog::custom_flag_formatter {
 public:
  explicit ContextFlag(bool json) : json_(json) {}
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    Append("tenant", current_context.tenant_id, dest);
    Append("correlation_id", current_context.correlation_id, dest);
    Append("event_id", current_context.event_id, dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ContextFlag>(json_);
  }

 private:
  void Append(std::string_view key, std::string_view value, spdlog::memory_buf_t& dest) const {
    if (value.empty()) return;
    dest.append(std::string_view(json_ ? ",\"" : " "));
    dest.append(key);
    dest.append(std::string_view(json_ ? "\":\"" : "="));
    if (json_) {
      AppendJsonEscaped(value, dest);
      dest.push_back('"');
    } else {
      dest.append(value);
    }
  }
  bool json_;
};

// %J : the message, escaped for a JSON string.
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    AppendJsonEscaped(std::string_view(msg.payload.data(), msg.payload.size()), dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

void Init(std::string_view service_name, std::string_view format, std::string_view level) {
  bool json = format == "json";
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<ContextFlag>('*', json);
  formatter->add_flag<JsonMessageFlag>('J');
  std::string service(service_name);
  if (json) {
    formatter->set_pattern("{\"ts\":\"%Y-%m-%dT%H:%M:%S.%fZ\",\"level\":\"%l\",\"service\":\"" +
                           service + "\",\"msg\":\"%J\"%*}");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ " + service + " %v%*");
  }
  auto logger =
      std::make_shared<spdlog::logger>(service, std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::from_str(std::string(level)));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

const Context& Current() { return current_context; }

ScopedContext::ScopedContext(Context context) : previous_(std::move(current_context)) {
  current_context = std::move(context);
}

ScopedContext::~ScopedContext() { current_context = std::move(previous_); }

std::string NewUuid() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) throw std::runtime_error("RAND_bytes failed");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xF]);
  }
  return out;
}

}  // namespace factflow::logging
