// The one GLIBCXX_3.4.32 symbol TorchSharp's native library uses, for a libstdc++ older than GCC 13 (Debian 12).
// GCC 13 initialises the standard streams inside libstdc++ and makes <iostream> reference this function so that
// programs cannot run on an older libstdc++; on such a library the streams are set up by an ios_base::Init object,
// so this constructs one. Built with glibcxx_shim.map, which puts the symbol under the version name GCC 13 uses.
#include <ios>

namespace std {
void ios_base_library_init() { static ios_base::Init init; }
}
