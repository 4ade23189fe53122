#include "platform/records/io/excel_dates.h"

#include <gtest/gtest.h>

namespace peony::records::io {
namespace {

TEST(SheetDates, ClassifiesBuiltInNumberFormats) {
  EXPECT_EQ(ClassifyNumberFormat(0, ""), NumberFormatKind::kNumber);
  EXPECT_EQ(ClassifyNumberFormat(2, ""), NumberFormatKind::kNumber);
  EXPECT_EQ(ClassifyNumberFormat(14, ""), NumberFormatKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(22, ""), NumberFormatKind::kDateTime);
  EXPECT_EQ(ClassifyNumberFormat(20, ""), NumberFormatKind::kTime);
  EXPECT_EQ(ClassifyNumberFormat(45, ""), NumberFormatKind::kTime);
  EXPECT_EQ(ClassifyNumberFormat(31, ""), NumberFormatKind::kDate);  // yyyy"年"m"月"d"日"
  EXPECT_EQ(ClassifyNumberFormat(58, ""), NumberFormatKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(49, ""), NumberFormatKind::kNumber);  // "@" text
}

TEST(SheetDates, ClassifiesCustomCodesIgnoringQuotedAndEscapedLetters) {
  EXPECT_EQ(ClassifyNumberFormat(176, "yyyy-mm-dd"), NumberFormatKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(176, "yyyy\"年\"m\"月\"d\"日\""), NumberFormatKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(176, "yyyy/m/d h:mm"), NumberFormatKind::kDateTime);
  EXPECT_EQ(ClassifyNumberFormat(176, "[$-804]yyyy-mm-dd;@"), NumberFormatKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(176, "mm:ss"), NumberFormatKind::kTime);
  EXPECT_EQ(ClassifyNumberFormat(176, "h:mm AM/PM"), NumberFormatKind::kTime);
  EXPECT_EQ(ClassifyNumberFormat(176, "[h]:mm:ss"), NumberFormatKind::kNumber);  // a duration
  EXPECT_EQ(ClassifyNumberFormat(176, "0.00\"days\""), NumberFormatKind::kNumber);
  EXPECT_EQ(ClassifyNumberFormat(176, "0\\d"), NumberFormatKind::kNumber);
  EXPECT_EQ(ClassifyNumberFormat(176, "[Red]#,##0.00_);(#,##0.00)"), NumberFormatKind::kNumber);
  EXPECT_EQ(ClassifyNumberFormat(176, "General"), NumberFormatKind::kNumber);
  EXPECT_EQ(ClassifyNumberFormat(176, "#,##0;[Red]-#,##0;\"d\""), NumberFormatKind::kNumber);
  // A workbook may redefine a built-in id; its code wins.
  EXPECT_EQ(ClassifyNumberFormat(14, "0.00"), NumberFormatKind::kNumber);
}

std::string DateText(double serial, bool date1904, NumberFormatKind kind) {
  auto cell = SerialToDateCell(serial, date1904, kind);
  return cell ? cell->text : "none";
}

TEST(SheetDates, ConvertsSerialsOfThe1900SystemWithTheLotusLeapYearBug) {
  EXPECT_EQ(DateText(1, false, NumberFormatKind::kDate), "1900-01-01");
  EXPECT_EQ(DateText(59, false, NumberFormatKind::kDate), "1900-02-28");
  EXPECT_EQ(DateText(60, false, NumberFormatKind::kDate), "1900-02-28");  // phantom 02-29
  EXPECT_EQ(DateText(61, false, NumberFormatKind::kDate), "1900-03-01");
  EXPECT_EQ(DateText(45356, false, NumberFormatKind::kDate), "2024-03-05");
  EXPECT_EQ(DateText(45356.604166666664, false, NumberFormatKind::kDateTime),
            "2024-03-05 14:30:00");
  EXPECT_EQ(DateText(0.75, false, NumberFormatKind::kTime), "18:00:00");
  EXPECT_EQ(DateText(2958465, false, NumberFormatKind::kDate), "9999-12-31");
  EXPECT_EQ(DateText(2958466, false, NumberFormatKind::kDate), "none");
  EXPECT_EQ(DateText(-1, false, NumberFormatKind::kDate), "none");
  EXPECT_EQ(DateText(45356, false, NumberFormatKind::kNumber), "none");
  auto cell = SerialToDateCell(45356.5, false, NumberFormatKind::kDateTime);
  ASSERT_TRUE(cell.has_value());
  EXPECT_EQ(cell->kind, Cell::Kind::kDate);
  EXPECT_EQ(cell->date, (DateTime{2024, 3, 5, 12, 0, 0}));
  EXPECT_TRUE(cell->has_date);
  EXPECT_TRUE(cell->has_time);
  EXPECT_DOUBLE_EQ(cell->number, 45356.5);
}

TEST(SheetDates, ConvertsSerialsOfThe1904System) {
  EXPECT_EQ(DateText(0, true, NumberFormatKind::kDate), "1904-01-01");
  EXPECT_EQ(DateText(43894, true, NumberFormatKind::kDate), "2024-03-05");  // 45356 - 1462
}

TEST(SheetDates, WritersSerialsAreTheInverse) {
  EXPECT_DOUBLE_EQ(DateTimeToSerial({2024, 3, 5, 0, 0, 0}, true), 45356);
  EXPECT_DOUBLE_EQ(DateTimeToSerial({1900, 1, 1, 0, 0, 0}, true), 1);
  EXPECT_DOUBLE_EQ(DateTimeToSerial({1900, 3, 1, 0, 0, 0}, true), 61);
  EXPECT_DOUBLE_EQ(DateTimeToSerial({0, 0, 0, 18, 0, 0}, false), 0.75);
}

TEST(SheetDates, ParsesIsoDates) {
  EXPECT_EQ(IsoToDateCell("2024-03-05")->text, "2024-03-05");
  EXPECT_EQ(IsoToDateCell("2024-03-05T14:30:00Z")->text, "2024-03-05 14:30:00");
  EXPECT_EQ(IsoToDateCell("2024-03-05T14:30:00.123")->text, "2024-03-05 14:30:00");
  EXPECT_FALSE(IsoToDateCell("2023-02-30").has_value());
  EXPECT_FALSE(IsoToDateCell("2024-03-05T25:00").has_value());
  EXPECT_FALSE(IsoToDateCell("yesterday").has_value());
}

}  // namespace
}  // namespace peony::records::io
