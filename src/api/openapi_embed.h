// The OpenAPI document (src/api/openapi.json), embedded at build time by
// cmake/embed_openapi.cmake into a generated translation unit.
#ifndef MINSHENG_API_OPENAPI_EMBED_H_
#define MINSHENG_API_OPENAPI_EMBED_H_

#include <string_view>

namespace minsheng::api {
std::string_view OpenApiDocument();
}  // namespace minsheng::api

#endif  // MINSHENG_API_OPENAPI_EMBED_H_
