#pragma once

// spdlog set-up shared by every service: one line per record on stderr, as text (local) or as
// JSON (FACTFLOW_LOG_FORMAT=json, production), carrying the service name and the current
// tenant, correlation and event ids of the calling thread.

#include <string>
#include <string_view>

namespace factflow::logging {

// Ids attached to every record logged by the current thread while a ScopedContext is alive.
struct Context {
  std::string tenant_id;
  std::string correlation_id;
  std::string event_id;
};

// Installs the default logger. Call once, at start-up, before other threads log.
// format: "text" or "json"; level: spdlog level name ("info", "debug", ...).
void Init(std::string_view service_name, std::string_view format, std::string_view level);

// The calling thread's context (empty fields when none is set).
const Context& Current();

// Sets the calling thread's context for its lifetime, then restores the previous one.
class ScopedContext {
 public:
  explicit ScopedContext(Context context);
  ~ScopedContext();
  ScopedContext(const ScopedContext&) = delete;
  ScopedContext& operator=(const ScopedContext&) = delete;

 private:
  Context previous_;
};

// A new random id (UUID v4 text), for correlation and event ids.
std::string NewUuid();

}  // namespace factflow::logging
