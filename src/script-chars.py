#!/usr/bin/env python3
# script-chars.py STCharacters.txt TSCharacters.txt [VARIANTS.txt...] - writes
# src/script_chars.h: the characters that occur only in Simplified and only in
# Traditional Chinese, by OpenCC's character dictionaries.  A character is
# Simplified-only when STCharacters converts it and never to itself,
# TSCharacters does not convert it (it is no Traditional form), and no
# regional variants file (TWVariants.txt, HKVariants.txt) gives it as a
# region's form (Taiwan and Hong Kong write 群 where OpenCC's standard has
# 羣); the Traditional-only ones the other way round, without that test.
import sys

def load(path):
    m = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            key, _, vals = line.partition("\t")
            m[key] = vals.split(" ")
    return m

st, ts = load(sys.argv[1]), load(sys.argv[2])
regional = set()
for path in sys.argv[3:]:
    for vals in load(path).values():
        regional.update(v for v in vals if len(v) == 1)

def only(a, b, keep=frozenset()):
    out = []
    for k, vals in a.items():
        if len(k) == 1 and k not in vals and k not in b and k not in keep:
            out.append(ord(k))
    return sorted(out)

hans, hant = only(st, ts, regional), only(ts, st)
print("/* script_chars.h - made by src/script-chars.py from OpenCC's")
print(" * STCharacters.txt, TSCharacters.txt, TWVariants.txt and HKVariants.txt")
print(" * (dict/opencc/): do not edit. */")
for name, cps in (("zh_hans_only", hans), ("zh_hant_only", hant)):
    print("static const uint32_t %s[%d] = {" % (name, len(cps)))
    for i in range(0, len(cps), 8):
        print("\t" + ", ".join("0x%X" % c for c in cps[i:i + 8]) + ",")
    print("};")
