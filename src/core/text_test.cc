#include "core/text.h"

#include <gtest/gtest.h>

namespace minsheng {
namespace {

TEST(TextTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("王贺村2组下水道"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));   // emoji
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xFF"));
}

TEST(TextTest, ContentCharactersAreLettersDigitsAndCjk) {
  for (uint32_t cp : {uint32_t{'a'}, uint32_t{'7'}, uint32_t{0x6C34}, uint32_t{0xFF11}})
    EXPECT_TRUE(IsContentChar(cp)) << cp;  // a 7 水 １
  for (uint32_t cp : {uint32_t{' '}, uint32_t{','}, uint32_t{0xFF0C}, uint32_t{0x3002},
                      uint32_t{0x3000}, uint32_t{0x2026}})
    EXPECT_FALSE(IsContentChar(cp)) << cp;  // space , ，。　…
}

TEST(TextTest, LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length("崇业办"), 3u);
  EXPECT_EQ(Utf8Length("a崇b"), 3u);
}

TEST(TextTest, TrimRemovesAsciiAndIdeographicSpace) {
  EXPECT_EQ(TrimSpace("  路灯不亮\n"), "路灯不亮");
  EXPECT_EQ(TrimSpace("\xE3\x80\x80噪音\xE3\x80\x80"), "噪音");
  EXPECT_EQ(TrimSpace("   "), "");
}

}  // namespace
}  // namespace minsheng
