// The one mapping from core StatusCode to HTTP status and the JSON error body.
//
// Body shape: {"error":{"code":"<stable id>","message":"<Chinese text>"}}. The internal
// detail of a Status is logged here and never sent. When a StatusCode is added to
// core/status.h, update HttpStatusFor() and the ErrorCode schema in openapi.json together.
#ifndef MINSHENG_API_ERROR_MAPPING_H_
#define MINSHENG_API_ERROR_MAPPING_H_

#include <string>

#include "api/http.h"
#include "core/status.h"

namespace minsheng::api {

int HttpStatusFor(StatusCode code);

// A JSON error response for a non-OK status (logs Internal/Unavailable details).
Response ErrorResponse(const Status& status);

// Transport-level errors that have no core origin.
Response PayloadTooLarge(int64_t limit_bytes);
Response RouteNotFound();
Response MethodNotAllowed(const std::string& allow);
Response BadRequest(const std::string& code, const std::string& message);

}  // namespace minsheng::api

#endif  // MINSHENG_API_ERROR_MAPPING_H_
