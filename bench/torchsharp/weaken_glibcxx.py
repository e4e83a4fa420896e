#!/usr/bin/env python3
"""Marks the GLIBCXX_3.4.32 requirement of a shared library as weak, in place (run it on a copy).

TorchSharp 0.107's libLibTorchSharp.so is built with GCC 13 and asks libstdc++ for version GLIBCXX_3.4.32, which
Debian 12's libstdc++ (GCC 12) lacks; the only symbol it takes from that version is std::ios_base_library_init(),
a marker that GCC 13's <iostream> references. A weak version requirement is not fatal to the dynamic loader, and
glibcxx_shim.cpp supplies that one symbol under that version name. Only ELF64 little-endian is handled.
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2
WANTED = b"GLIBCXX_3.4.32"


def weaken(path):
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a little-endian ELF64 file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
        changed = 0
        for sh in sections:
            if sh[1] != SHT_GNU_VERNEED:
                continue
            strtab_offset = sections[sh[6]][4]
            need = sh[4]
            for _ in range(sh[7]):  # sh_info: number of Verneed entries
                _, count, _, aux, next_need = struct.unpack_from("<HHIII", data, need)
                at = need + aux
                for _ in range(count):
                    _, flags, _, name, next_aux = struct.unpack_from("<IHHII", data, at)
                    start = strtab_offset + name
                    if data[start:data.index(0, start)] == WANTED and not flags & VER_FLG_WEAK:
                        struct.pack_into("<H", data, at + 4, flags | VER_FLG_WEAK)
                        changed += 1
                    at += next_aux
                need += next_need
        f.seek(0)
        f.write(data)
    print(f"{path}: {changed} requirement(s) of {WANTED.decode()} made weak")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        weaken(p)
