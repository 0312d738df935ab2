#include "core/text.h"

#include <cctype>

namespace minsheng {

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
      return false;  // overlong
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t count = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

std::string CallerKey(std::string_view phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits.push_back(c);
  return digits.size() >= 5 ? digits : std::string();
}

std::string TrimSpace(std::string_view s) {
  auto is_space_at = [&](size_t i, size_t* width) {
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      *width = 1;
      return true;
    }
    if (i + 2 < s.size() + 0 && s.substr(i, 3) == "\xE3\x80\x80") {
      *width = 3;
      return true;
    }
    return false;
  };
  size_t b = 0, w = 0;
  while (b < s.size() && is_space_at(b, &w)) b += w;
  size_t e = s.size();
  while (e > b) {
    if (e >= b + 3 && s.substr(e - 3, 3) == "\xE3\x80\x80") {
      e -= 3;
    } else if (is_space_at(e - 1, &w) && w == 1) {
      e -= 1;
    } else {
      break;
    }
  }
  return std::string(s.substr(b, e - b));
}

bool IsContentChar(uint32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  switch (cp) {
    case 0xFF0C:
    case 0x3002:
    case 0x3001:
    case 0xFF1B:
    case 0xFF1A:
    case 0xFF1F:  // ，。、；：？
    case 0xFF01:
    case 0x201C:
    case 0x201D:
    case 0x2018:
    case 0x2019:
    case 0xFF08:  // ！“”‘’（
    case 0xFF09:
    case 0x300A:
    case 0x300B:
    case 0x3010:
    case 0x3011:
    case 0x2026:  // ）《》【】…
    case 0x2014:
    case 0x00B7:
    case 0x3000:
    case 0x300C:
    case 0x300D:
    case 0xFE4F:  // —·　「」﹏
      return false;
    default:
      return true;
  }
}

}  // namespace minsheng
