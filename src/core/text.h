// Small text utilities the core needs for validation: UTF-8 checks and character counts.
#ifndef MINSHENG_CORE_TEXT_H_
#define MINSHENG_CORE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace minsheng {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool IsValidUtf8(std::string_view s);
// Number of code points in well-formed UTF-8 text.
size_t Utf8Length(std::string_view s);
// The digits of a phone number ("139-1234 5678" → "13912345678"); "" when fewer than 5 digits.
// Used to recognise the same caller across orders.
std::string CallerKey(std::string_view phone);
// Trims ASCII whitespace and U+3000 (ideographic space) from both ends.
std::string TrimSpace(std::string_view s);
// Whether a code point carries content: letters, digits and CJK characters, not ASCII
// punctuation or spaces nor the common full-width punctuation
// (，。、；：？！“”‘’（）《》【】…—·　「」﹏). Word n-grams for comparing texts are built from
// these only.
bool IsContentChar(uint32_t cp);

}  // namespace minsheng

#endif  // MINSHENG_CORE_TEXT_H_
