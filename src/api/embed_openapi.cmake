# cmake -DIN=openapi.json -DOUT=openapi_embed.cc -P embed_openapi.cmake
# Writes the JSON as a raw string literal, split in chunks below the compiler's literal limits.
file(READ "${IN}" content)
string(LENGTH "${content}" len)
set(out "// Generated from src/api/openapi.json; do not edit.\n#include \"api/openapi_embed.h\"\n\nnamespace minsheng::api {\nnamespace {\nconstexpr char kDoc[] =\n")
set(pos 0)
while(pos LESS len)
  string(SUBSTRING "${content}" ${pos} 8000 chunk)
  string(APPEND out "R\"OPENAPI(${chunk})OPENAPI\"\n")
  math(EXPR pos "${pos} + 8000")
endwhile()
string(APPEND out ";\n}  // namespace\nstd::string_view OpenApiDocument() { return {kDoc, sizeof(kDoc) - 1}; }\n}  // namespace minsheng::api\n")
file(WRITE "${OUT}" "${out}")
