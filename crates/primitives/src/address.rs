//! 20-byte addresses and 32-byte hashes.

use crate::U256;
use core::fmt;

/// 20-byte Ethereum address.
///
/// Aligned to 4 bytes so that equality and ordering compare five aligned 32-bit words: the
/// derived versions call `memcmp`, a byte loop on SBF, and the journal compares addresses on
/// every account lookup. Byte-wise semantics are unchanged (same order, same equality).
#[derive(Clone, Copy, Eq, Default)]
#[repr(C, align(4))]
pub struct Address(pub [u8; 20]);

impl Address {
    /// The 32-bit word `i` (0..5) of the address, big-endian, so that word order is byte order.
    #[inline(always)]
    fn word(&self, i: usize) -> u32 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&self.0[i * 4..i * 4 + 4]);
        u32::from_be_bytes(w)
    }
}

impl core::hash::Hash for Address {
    #[inline]
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialEq for Address {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        (0..5).all(|i| self.word(i) == other.word(i))
    }
}

impl Ord for Address {
    #[inline]
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        for i in 0..5 {
            let (a, b) = (self.word(i), other.word(i));
            if a != b {
                return a.cmp(&b);
            }
        }
        core::cmp::Ordering::Equal
    }
}

impl PartialOrd for Address {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// 32-byte hash / word.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct B256(pub [u8; 32]);

impl Address {
    /// The zero address.
    pub const ZERO: Address = Address([0; 20]);

    /// The low 20 bytes of a word (the upper 12 bytes are ignored).
    #[inline]
    pub fn from_word(w: U256) -> Address {
        let b = w.to_be_bytes();
        let mut a = [0u8; 20];
        a.copy_from_slice(&b[12..]);
        Address(a)
    }

    /// The address as a word (zero-padded on the left).
    #[inline]
    pub fn to_word(&self) -> U256 {
        let mut b = [0u8; 32];
        b[12..].copy_from_slice(&self.0);
        U256::from_be_bytes(b)
    }

    /// From exactly 20 bytes. Panics otherwise (native and test use).
    #[inline]
    pub fn from_slice(s: &[u8]) -> Address {
        let mut a = [0u8; 20];
        a.copy_from_slice(s);
        Address(a)
    }

    /// The bytes of the address.
    #[inline(always)]
    pub const fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// The address as a 32-byte word (zero-padded on the left).
    #[inline]
    pub fn into_b256(self) -> B256 {
        let mut b = [0u8; 32];
        b[12..].copy_from_slice(&self.0);
        B256(b)
    }

    /// Parses 40 hex digits, with or without a `0x` prefix.
    pub fn from_hex(s: &str) -> Option<Address> {
        let mut a = [0u8; 20];
        decode_hex_exact(s, &mut a)?;
        Some(Address(a))
    }
}

impl B256 {
    /// All zero bytes.
    pub const ZERO: B256 = B256([0; 32]);

    /// The bytes as a big-endian word.
    #[inline]
    pub fn to_word(&self) -> U256 {
        U256::from_be_bytes(self.0)
    }

    /// The big-endian bytes of a word.
    #[inline]
    pub fn from_word(w: U256) -> B256 {
        B256(w.to_be_bytes())
    }

    /// The bytes.
    #[inline(always)]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// From exactly 32 bytes. Panics otherwise (native and test use).
    #[inline]
    pub fn from_slice(s: &[u8]) -> B256 {
        let mut a = [0u8; 32];
        a.copy_from_slice(s);
        B256(a)
    }

    /// Parses 64 hex digits, with or without a `0x` prefix.
    pub fn from_hex(s: &str) -> Option<B256> {
        let mut a = [0u8; 32];
        decode_hex_exact(s, &mut a)?;
        Some(B256(a))
    }
}

impl From<[u8; 20]> for Address {
    #[inline(always)]
    fn from(b: [u8; 20]) -> Self {
        Address(b)
    }
}

impl From<[u8; 32]> for B256 {
    #[inline(always)]
    fn from(b: [u8; 32]) -> Self {
        B256(b)
    }
}

impl From<U256> for B256 {
    #[inline]
    fn from(w: U256) -> Self {
        B256::from_word(w)
    }
}

impl From<B256> for U256 {
    #[inline]
    fn from(b: B256) -> Self {
        b.to_word()
    }
}

impl AsRef<[u8]> for Address {
    #[inline(always)]
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for B256 {
    #[inline(always)]
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Decodes hex (optional `0x`) into exactly `out.len()` bytes.
pub(crate) fn decode_hex_exact(s: &str, out: &mut [u8]) -> Option<()> {
    let s = s
        .strip_prefix("0x")
        .or_else(|| s.strip_prefix("0X"))
        .unwrap_or(s);
    let b = s.as_bytes();
    if b.len() != out.len() * 2 {
        return None;
    }
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        *o = (hex_val(pair[0])? << 4) | hex_val(pair[1])?;
    }
    Some(())
}

/// The value of one hex digit.
#[inline]
pub(crate) fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Writes `0x` and the bytes as lower-case hex.
pub(crate) fn fmt_hex_bytes(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    f.write_str("0x")?;
    for &b in bytes {
        let pair = [HEX[(b >> 4) as usize], HEX[(b & 15) as usize]];
        // The pair is ASCII.
        f.write_str(core::str::from_utf8(&pair).map_err(|_| fmt::Error)?)?;
    }
    Ok(())
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_hex_bytes(f, &self.0)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_hex_bytes(f, &self.0)
    }
}

impl fmt::Debug for B256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_hex_bytes(f, &self.0)
    }
}

impl fmt::Display for B256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_hex_bytes(f, &self.0)
    }
}
