// Private to http/: the HTTP/1.1 pieces of the server that need no Beast — request targets, request
// ids and the response head with Peony's fixed headers — kept apart so they are unit-tested and
// the Beast files stay small.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"

namespace peony::http::wire {

// Fills req.target, req.path (percent-decoded) and req.query from an origin-form target
// ("/a/b?x=1"). False when the target is not origin-form or not decodable.
bool SetTarget(Request& req, std::string_view target);

// True for a client-supplied X-Request-Id we keep: 1–64 characters of [A-Za-z0-9_-].
bool IsSaneRequestId(std::string_view id);
// A new id: a random per-process prefix and a counter ("3f9a1c-1a2b"). Thread-safe.
std::string NewRequestId();

// Every response carries these (CSP, nosniff, referrer policy, frame denial).
extern const std::string_view kSecurityHeaders;  // "Name: value\r\n" lines

struct HeadOptions {
  bool keep_alive = true;
  bool http10 = false;  // the request was HTTP/1.0: keep-alive must be announced
  bool tls = false;     // adds Strict-Transport-Security
  std::string_view request_id;
};

// Appends the status line and headers of `r` to `out` (with Date and kSecurityHeaders), ending with
// the blank line. Content-Length
// is the body's length (also for HEAD; the caller omits the body), absent for 1xx/204/304.
// "Cache-Control: no-store" is added unless the response sets Cache-Control. Handler headers with
// CR/LF or hop-by-hop names are dropped (logged): they could split the response.
void AppendHead(const Response& r, const HeadOptions& options, std::string& out);

// "OK", "Not Found", …; "Unknown" for codes not in the table.
std::string_view ReasonPhrase(int status);
// True when the status has no body by definition (1xx, 204, 304).
bool StatusHasNoBody(int status);

}  // namespace peony::http::wire
