//! A growable vector that is safe to use on SBF.
//!
//! `alloc::vec::Vec<T>` cannot grow on the SBF toolchain we build with when `T` is wider than a
//! byte: its growth path computes `capacity * size_of::<T>()` with an overflow-checked multiply,
//! which lowers to a 128-bit libcall the BPF backend cannot emit (`docs/sbf-toolchain.md`).
//! [`GrowVec`] bounds both factors below 2^32, so the product is a plain 64-bit multiply.

use alloc::alloc::{alloc, dealloc, handle_alloc_error, realloc, Layout};
use core::marker::PhantomData;
use core::mem::{align_of, size_of};
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

/// Largest capacity a [`GrowVec`] may reach (elements).
const MAX_CAPACITY: u32 = 1 << 24;

/// A growable, heap-allocated vector whose growth never needs a 128-bit multiply.
pub struct GrowVec<T> {
    ptr: NonNull<T>,
    len: u32,
    cap: u32,
    _owns: PhantomData<T>,
}

// SAFETY: GrowVec owns its elements exactly like Vec<T> does.
unsafe impl<T: Send> Send for GrowVec<T> {}
// SAFETY: shared access only hands out &T.
unsafe impl<T: Sync> Sync for GrowVec<T> {}

impl<T> GrowVec<T> {
    /// An empty vector; allocates nothing.
    pub const fn new() -> Self {
        Self {
            ptr: NonNull::dangling(),
            len: 0,
            cap: 0,
            _owns: PhantomData,
        }
    }

    /// An empty vector with room for `capacity` elements.
    pub fn with_capacity(capacity: usize) -> Self {
        let mut v = Self::new();
        if capacity > 0 {
            v.grow_to(capacity.min(MAX_CAPACITY as usize) as u32);
        }
        v
    }

    /// Number of elements.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// True when the vector holds no element.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `value`, growing the allocation when full.
    #[inline]
    pub fn push(&mut self, value: T) {
        if self.len == self.cap {
            let next = if self.cap == 0 {
                4
            } else {
                self.cap.saturating_add(self.cap)
            };
            self.grow_to(next.min(MAX_CAPACITY));
        }
        // SAFETY: len < cap after growing, so the slot is allocated and unused.
        unsafe { self.ptr.as_ptr().add(self.len as usize).write(value) };
        self.len += 1;
    }

    /// Removes and returns the last element.
    #[inline]
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        // SAFETY: the slot at the old last index is initialised and now outside len.
        Some(unsafe { self.ptr.as_ptr().add(self.len as usize).read() })
    }

    /// Drops every element past `len`.
    pub fn truncate(&mut self, len: usize) {
        while self.len() > len {
            drop(self.pop());
        }
    }

    /// Drops every element.
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    fn grow_to(&mut self, new_cap: u32) {
        assert!(
            new_cap > self.cap && new_cap <= MAX_CAPACITY,
            "GrowVec capacity exceeded"
        );
        let elem = size_of::<T>() as u32;
        if elem == 0 {
            self.cap = new_cap;
            return;
        }
        // Both factors are below 2^32, so the product fits a u64 without an overflow check.
        let new_bytes = (new_cap as u64) * (elem as u64);
        let align = align_of::<T>();
        let Ok(new_layout) = Layout::from_size_align(new_bytes as usize, align) else {
            panic!("GrowVec layout");
        };
        // SAFETY: layouts are non-zero sized; the old layout is the one we allocated with.
        let raw = unsafe {
            if self.cap == 0 {
                alloc(new_layout)
            } else {
                let old_bytes = (self.cap as u64) * (elem as u64);
                let old_layout = Layout::from_size_align_unchecked(old_bytes as usize, align);
                realloc(self.ptr.as_ptr().cast(), old_layout, new_bytes as usize)
            }
        };
        match NonNull::new(raw.cast::<T>()) {
            Some(p) => self.ptr = p,
            None => handle_alloc_error(new_layout),
        }
        self.cap = new_cap;
    }
}

impl<T> Default for GrowVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Drop for GrowVec<T> {
    fn drop(&mut self) {
        self.clear();
        let elem = size_of::<T>() as u32;
        if self.cap > 0 && elem > 0 {
            let bytes = (self.cap as u64) * (elem as u64);
            // SAFETY: this is the layout the buffer was allocated with.
            unsafe {
                dealloc(
                    self.ptr.as_ptr().cast(),
                    Layout::from_size_align_unchecked(bytes as usize, align_of::<T>()),
                )
            };
        }
    }
}

impl<T> Deref for GrowVec<T> {
    type Target = [T];
    #[inline(always)]
    fn deref(&self) -> &[T] {
        // SAFETY: the first len elements are initialised; a dangling pointer is fine for len 0.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len as usize) }
    }
}

impl<T> DerefMut for GrowVec<T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as in deref, and we hold the unique borrow.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len as usize) }
    }
}

impl<T: Clone> Clone for GrowVec<T> {
    fn clone(&self) -> Self {
        let mut out = Self::with_capacity(self.len());
        for item in self.iter() {
            out.push(item.clone());
        }
        out
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for GrowVec<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: PartialEq> PartialEq for GrowVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}

impl<T: Eq> Eq for GrowVec<T> {}

impl<T> FromIterator<T> for GrowVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut out = Self::new();
        for item in iter {
            out.push(item);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::GrowVec;
    use alloc::string::String;

    #[test]
    fn push_pop_truncate_and_drop() {
        let mut v: GrowVec<[u64; 4]> = GrowVec::new();
        for i in 0..100u64 {
            v.push([i, i + 1, i + 2, i + 3]);
        }
        assert_eq!(v.len(), 100);
        assert_eq!(v[42], [42, 43, 44, 45]);
        assert_eq!(v.pop(), Some([99, 100, 101, 102]));
        v.truncate(10);
        assert_eq!(v.len(), 10);
        assert_eq!(v.last(), Some(&[9, 10, 11, 12]));
        let strings: GrowVec<String> = (0..10).map(|i| alloc::format!("{i}")).collect();
        let copy = strings.clone();
        assert_eq!(copy, strings);
    }
}
