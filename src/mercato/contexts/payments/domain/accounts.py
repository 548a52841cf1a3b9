"""The chart of accounts of the double-entry journal (ADR 0003).

Amounts are signed: a debit is positive, a credit negative; every entry sums to zero per currency.
`platform_cash` is what the platform holds at its payment provider (an asset); the others are what it owes
(escrow to buyers-until-release, merchant payables) or has earned (commission), so their balances are credits.
"""

from __future__ import annotations

PLATFORM_CASH = "platform_cash"
ESCROW = "escrow"
MERCHANT_PAYABLE = "merchant_payable"
PLATFORM_COMMISSION = "platform_commission"

ACCOUNTS = (PLATFORM_CASH, ESCROW, MERCHANT_PAYABLE, PLATFORM_COMMISSION)
