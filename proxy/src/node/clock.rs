//! Block time with Hardhat's controls: an offset added to the wall clock (evm_increaseTime)
//! and a fixed timestamp for the next block (evm_setNextBlockTimestamp, evm_mine's argument).

/// Why a time change was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClockError {
    /// Hardhat's wording: a block must be later than its parent.
    #[error("Timestamp {timestamp} is lower than or equal to previous block's timestamp {parent}")]
    NotAfterParent {
        /// The timestamp asked for.
        timestamp: u64,
        /// The latest block's timestamp.
        parent: u64,
    },
    /// The offset would leave the range of Unix times.
    #[error("time offset overflows")]
    Overflow,
}

/// The node's block clock. All times are Unix seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DevClock {
    /// Seconds added to the wall clock.
    offset: i64,
    /// Timestamp of the next block, when fixed.
    next: Option<u64>,
}

impl DevClock {
    /// Timestamp of the next block at wall-clock time `now` on top of a parent at `parent`:
    /// the fixed one if set, otherwise `now + offset`, never before the parent.
    pub fn next_timestamp(&self, now: u64, parent: u64) -> u64 {
        self.next
            .unwrap_or_else(|| shifted(now, self.offset).max(parent))
    }

    /// A block with `timestamp` was mined at wall-clock `now`: a fixed timestamp is used up
    /// and later blocks continue from it (the offset becomes `timestamp - now`).
    pub fn mined(&mut self, now: u64, timestamp: u64) {
        if self.next.take().is_some() {
            self.offset =
                i64::try_from(i128::from(timestamp) - i128::from(now)).unwrap_or(self.offset);
        }
    }

    /// evm_increaseTime: adds `seconds` to the offset and returns the new total offset.
    pub fn increase(&mut self, seconds: u64) -> Result<i64, ClockError> {
        let seconds = i64::try_from(seconds).map_err(|_| ClockError::Overflow)?;
        self.offset = self
            .offset
            .checked_add(seconds)
            .ok_or(ClockError::Overflow)?;
        Ok(self.offset)
    }

    /// evm_setNextBlockTimestamp: fixes the next block's timestamp, which must be after the
    /// parent's.
    pub fn set_next(&mut self, timestamp: u64, parent: u64) -> Result<(), ClockError> {
        if timestamp <= parent {
            return Err(ClockError::NotAfterParent { timestamp, parent });
        }
        self.next = Some(timestamp);
        Ok(())
    }
}

fn shifted(now: u64, offset: i64) -> u64 {
    let t = i128::from(now) + i128::from(offset);
    u64::try_from(t.max(0)).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_and_fixed_timestamps() {
        let mut clock = DevClock::default();
        assert_eq!(clock.next_timestamp(1_000, 990), 1_000);
        assert_eq!(
            clock.next_timestamp(1_000, 1_005),
            1_005,
            "never before the parent"
        );
        assert_eq!(clock.increase(60), Ok(60));
        assert_eq!(clock.increase(40), Ok(100));
        assert_eq!(clock.next_timestamp(1_000, 990), 1_100);
        assert_eq!(
            clock.set_next(1_100, 1_100),
            Err(ClockError::NotAfterParent {
                timestamp: 1_100,
                parent: 1_100
            })
        );
        clock.set_next(5_000, 1_100).expect("later than parent");
        assert_eq!(clock.next_timestamp(1_001, 1_100), 5_000);
        clock.mined(1_001, 5_000);
        // Later blocks continue from the fixed timestamp.
        assert_eq!(clock.next_timestamp(1_011, 5_000), 5_010);
    }
}
