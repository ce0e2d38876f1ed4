/* For the Windows tests under Wine only, never in the installer: Wine 8.0 has no ProcessPrng,
 * which Rust's standard library calls for random bytes (real Windows 10 and 11 have it). This
 * stand-in, placed beside the test executables, gets them from RtlGenRandom instead. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
