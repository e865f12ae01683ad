"""The roll-ups of an RKA's Rincian Belanja as SIPD prints them. Pure: standard library only; money is int rupiah.

- Account levels: a line's kode rekening ``5.1.02.01.01.0052`` rolls up into ``5`` › ``5.1`` › ``5.1.02`` ›
  ``5.1.02.01`` › ``5.1.02.01.01`` › ``5.1.02.01.01.0052``; every level shows the sum of the account groups under it,
  with its name when the exercise's account list has one.
- A recap per *jenis belanja* (the third level, e.g. ``5.1.02`` Belanja Barang dan Jasa).
- Within an account, lines are grouped under *[#] kelompok* (a sub-title) and *[-] keterangan* (a remark), in the
  order the learner first used them; each subgroup has its subtotal.

Sums are of the account groups' subtotals (``budget.group_by_account``) and of the lines' amounts as shown, so what a
level shows is the sum of what is printed under it.
"""
from typing import NamedTuple

JENIS_LEVEL = 3  # Akun.Kelompok.Jenis: 5.1.02


class RollupRow(NamedTuple):
    level: int  # 1 for "5", 2 for "5.1", …; an account's own row has its full depth
    code: str
    name: str
    subtotal: int
    group: object = None  # the AccountGroup (its lines) on an account's own row, else None


class RecapRow(NamedTuple):
    code: str
    name: str
    subtotal: int


class Subgroup(NamedTuple):
    kelompok: str
    keterangan: str
    lines: tuple
    subtotal: int


def account_levels(code):
    """``"5.1.02"`` → ``["5", "5.1", "5.1.02"]``; an empty code has no levels."""
    parts = [p for p in str(code or "").strip().split(".") if p]
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def rollup(groups, names=None):
    """Rows in print order: each level above an account once, before the first account under it, then the account
    with its lines. ``groups`` are AccountGroups in code order (as ``group_by_account`` returns them)."""
    names = names or {}
    sums = {}
    for group in groups:
        for level in account_levels(group.account)[:-1]:
            sums[level] = sums.get(level, 0) + group.subtotal
    rows, shown = [], set()
    for group in groups:
        levels = account_levels(group.account)
        for depth, level in enumerate(levels[:-1], start=1):
            if level not in shown:
                shown.add(level)
                rows.append(RollupRow(depth, level, names.get(level, ""), sums[level]))
        rows.append(RollupRow(len(levels), group.account, names.get(group.account, ""), group.subtotal, group))
    return rows


def recap_by_jenis(groups, names=None):
    """The total of each *jenis belanja* (third level of the code) in code order; a shorter code stands for itself."""
    names = names or {}
    sums, order = {}, []
    for group in groups:
        levels = account_levels(group.account)
        if not levels:
            continue
        jenis = levels[min(JENIS_LEVEL, len(levels)) - 1]
        if jenis not in sums:
            order.append(jenis)
            sums[jenis] = 0
        sums[jenis] += group.subtotal
    return [RecapRow(code, names.get(code, ""), sums[code]) for code in order]


def subgroups(lines, amounts):
    """The lines of one account under their kelompok and keterangan (first-use order), each with its subtotal;
    ``amounts`` maps a line number to its amount in whole rupiah."""
    order, members = [], {}
    for line in lines:
        key = (str(getattr(line, "kelompok", "") or "").strip(), str(getattr(line, "keterangan", "") or "").strip())
        if key not in members:
            order.append(key)
            members[key] = []
        members[key].append(line)
    return [Subgroup(kelompok, keterangan, tuple(members[(kelompok, keterangan)]),
                     sum(int(amounts[line.line_no]) for line in members[(kelompok, keterangan)]))
            for kelompok, keterangan in _kelompok_together(order)]


def _kelompok_together(order):
    """Keys with the same kelompok next to each other (the kelompok's first use decides its place)."""
    kelompok_order = list(dict.fromkeys(k for k, _ in order))
    return sorted(order, key=lambda key: kelompok_order.index(key[0]))


def kelompok_subtotals(subgroup_list):
    """{kelompok: sum of its keterangan subgroups} for the ``[#]`` rows."""
    sums = {}
    for sub in subgroup_list:
        sums[sub.kelompok] = sums.get(sub.kelompok, 0) + sub.subtotal
    return sums
