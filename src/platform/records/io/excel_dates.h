// Excel's number formats and date serials, for the XLSX reader.
//
// Excel stores a date as a number of days (the "serial"), time of day as its fraction, and tells
// a date cell from a number only by the cell's number format.
#pragma once

#include <optional>
#include <string_view>

#include "platform/records/io/sheet.h"

namespace peony::records::io {

enum class NumberFormatKind { kNumber, kDate, kTime, kDateTime };

// Classifies a cell's number format. `code` is the format code from styles.xml when the workbook
// declares one for `id`, else empty and the built-in id decides: 14-17, 22 and the CJK built-ins
// 27-31, 36, 50-54, 57-58 (yyyy"年"m"月"d"日" and friends, as Chinese Excel writes them) are dates,
// 18-21, 45, 47, 32-35, 55-56 times. A code is a date when its first section holds y, d or m
// outside quotes, escapes and brackets, and a time when it holds h or s (m then means minutes).
// Elapsed-time codes ([h]:mm) are durations and read as numbers.
NumberFormatKind ClassifyNumberFormat(int id, std::string_view code);

// Converts a serial to a kDate cell of the given kind (kNumber is not a date: nullopt). The 1900
// system keeps Lotus 1-2-3's phantom 1900-02-29 (serial 60), which is read as 1900-02-28; serials
// before it count from 1899-12-31. The 1904 system counts from 1904-01-01. Times round to the
// second. nullopt when the serial is negative, not finite or past 9999-12-31.
std::optional<Cell> SerialToDateCell(double serial, bool date1904, NumberFormatKind kind);

// The 1900-system serial of a date and time of day (time only when !has_date), for writers.
// Dates before 1900-03-01 count from 1899-12-31, as Excel shows them.
double DateTimeToSerial(const DateTime& dt, bool has_date);

// Parses an ISO 8601 date or date-time ("2024-03-05", "2024-03-05T14:30:00Z"), as XLSX cells of
// type "d" hold them, into a kDate cell.
std::optional<Cell> IsoToDateCell(std::string_view iso);

}  // namespace peony::records::io
