// `peony check ledgers --data DIR`: the consistency checks of the domain ledgers.
#pragma once

#include "app/config.h"

namespace peony::app {

// Verifies that every card balance and sessions count equals the sum of its ledger entries (and
// none is negative). Prints each mismatch naming the card and exits 1 when there is any; 0 and a
// one-line summary when all agree; 1 with the error when the database cannot be read.
int RunCheckLedgers(const Config& c);

}  // namespace peony::app
