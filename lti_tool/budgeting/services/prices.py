"""The standard-price panel of the learner's editor: the exercise's SSH/SBU items found by code, name,
specification or account, as plain values for the page and for the editor's JSON.

Every word of the query must appear (accents and case ignored) in the item's code, name, specification or one of
its accounts. A pick fills the line's account only when exactly one account is allowed for the item.
"""
from dataclasses import dataclass

from ..domain.numbers import format_decimal, normalise_text
from ..domain.rules import PriceMode

MAX_RESULTS = 50
MAX_QUERY = 200


@dataclass(frozen=True)
class PriceChoice:
    code: str
    name: str
    specification: str
    unit: str
    price: object  # Decimal
    price_input: str  # the price as the line's field reads it in the page's language
    ceiling: bool
    tolerance: object  # Decimal, percent (an estimate's band)
    accounts: tuple  # the accounts the item may be charged to, within the exercise's allowed accounts
    account: str  # the one account a pick fills in, else ""


@dataclass(frozen=True)
class PriceSearch:
    query: str
    choices: list  # PriceChoice, at most MAX_RESULTS
    found: int  # all matches


def _haystack(price):
    return normalise_text(" ".join([price.code, price.name, price.specification, *sorted(price.accounts)]))


def _choice(price, allowed, locale):
    accounts = tuple(sorted(a for a in price.accounts if not allowed or a in allowed)) or \
        (tuple(sorted(allowed)) if not price.accounts else ())
    return PriceChoice(code=price.code, name=price.name, specification=price.specification or "", unit=price.unit,
                       price=price.price, price_input=format_decimal(price.price, locale),
                       ceiling=price.mode == PriceMode.CEILING, tolerance=price.tolerance_pct, accounts=accounts,
                       account=accounts[0] if len(accounts) == 1 else "")


def search_prices(rules, query, locale="id", limit=MAX_RESULTS):
    """The exercise's standard prices matching ``query`` (all of them when it is empty), in list order."""
    query = str(query or "")[:MAX_QUERY].strip()
    words = normalise_text(query).split()
    found = [p for p in rules.prices if all(word in _haystack(p) for word in words)]
    allowed = frozenset(rules.allowed_accounts or ())
    return PriceSearch(query, [_choice(p, allowed, locale) for p in found[:limit]], len(found))
