use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};

use super::*;

/// Small deterministic generator, so a failure reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn file_with(content: &[u8]) -> File {
    let mut f = tempfile::tempfile().unwrap();
    f.write_all(content).unwrap();
    f
}

fn contents(f: &mut File) -> Vec<u8> {
    let mut v = Vec::new();
    f.seek(SeekFrom::Start(0)).unwrap();
    f.read_to_end(&mut v).unwrap();
    v
}

#[test]
fn partial_page_write_keeps_the_rest_of_the_page() {
    let backing = vec![b'a'; 10_000];
    let mut d = DirtyFile::new(backing.len() as u64);
    d.write(&backing, 4100, b"XYZ").unwrap();
    let got = d.read(&backing, 0, 20_000).unwrap();
    let mut want = backing.clone();
    want[4100..4103].copy_from_slice(b"XYZ");
    assert_eq!(got, want);
    assert_eq!(d.unsynced_bytes(), PAGE);
}

#[test]
fn truncate_then_grow_reads_zeros_not_old_backing_bytes() {
    let backing = vec![b'a'; 10_000];
    let mut d = DirtyFile::new(backing.len() as u64);
    d.truncate(100);
    d.truncate(9_000);
    let got = d.read(&backing, 0, 20_000).unwrap();
    let mut want = vec![b'a'; 100];
    want.resize(9_000, 0);
    assert_eq!(got, want);

    let mut f = file_with(&backing);
    d.flush_to(&f).unwrap();
    assert_eq!(contents(&mut f), want);
}

#[test]
fn truncate_inside_a_dirty_page_zeroes_its_tail() {
    let backing = Vec::new();
    let mut d = DirtyFile::new(0);
    d.write(&backing, 0, &[7u8; 5000]).unwrap();
    d.truncate(10);
    d.write(&backing, 4095, b"!").unwrap();
    let got = d.read(&backing, 0, 8192).unwrap();
    let mut want = vec![7u8; 10];
    want.resize(4095, 0);
    want.push(b'!');
    assert_eq!(got, want);
}

#[test]
fn read_past_the_end_is_empty_and_reads_are_clamped() {
    let backing = b"hello".to_vec();
    let d = DirtyFile::new(5);
    assert!(d.read(&backing, 5, 10).unwrap().is_empty());
    assert!(d.read(&backing, u64::MAX - 1, 10).unwrap().is_empty());
    assert_eq!(d.read(&backing, 3, 10).unwrap(), b"lo");
}

#[test]
fn write_offset_overflow_is_an_error_not_a_panic() {
    let backing = Vec::new();
    let mut d = DirtyFile::new(0);
    assert!(d.write(&backing, u64::MAX - 1, b"abc").is_err());
}

/// Random writes, truncates, flushes and cuts against a plain byte-vector model.
#[test]
fn random_operations_match_a_simple_model() {
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let initial: Vec<u8> = (0..rng.below(20_000)).map(|i| (i % 251) as u8).collect();
        let mut file = file_with(&initial);
        let mut durable = initial.clone();
        let mut model = initial;
        let mut dirty = DirtyFile::new(model.len() as u64);
        for step in 0..200 {
            match rng.below(10) {
                0..=4 => {
                    let off = rng.below(model.len() as u64 + 9_000) as usize;
                    let len = rng.below(9_000) as usize + 1;
                    let byte = rng.below(255) as u8 + 1;
                    let data = vec![byte; len];
                    dirty.write(&file, off as u64, &data).unwrap();
                    if model.len() < off + len {
                        model.resize(off + len, 0);
                    }
                    model[off..off + len].copy_from_slice(&data);
                }
                5 | 6 => {
                    let size = rng.below(model.len() as u64 + 9_000) as usize;
                    dirty.truncate(size as u64);
                    model.resize(size, 0);
                }
                7 => {
                    dirty.flush_to(&file).unwrap();
                    durable = model.clone();
                    assert_eq!(
                        contents(&mut file),
                        durable,
                        "seed {seed} step {step} flush"
                    );
                    dirty = DirtyFile::new(durable.len() as u64);
                }
                8 => {
                    // Power cut: the state is dropped and the backing file is the truth.
                    model = durable.clone();
                    dirty = DirtyFile::new(durable.len() as u64);
                }
                _ => {
                    let off = rng.below(model.len() as u64 + 100);
                    let len = rng.below(20_000) as usize;
                    let got = dirty.read(&file, off, len).unwrap();
                    let lo = (off as usize).min(model.len());
                    let hi = (lo + len).min(model.len());
                    assert_eq!(got, &model[lo..hi], "seed {seed} step {step} read");
                }
            }
            assert_eq!(dirty.size(), model.len() as u64);
        }
        let all = dirty.read(&file, 0, usize::MAX).unwrap();
        assert_eq!(all, model, "seed {seed} final read");
    }
}
