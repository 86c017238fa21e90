//! Atomic file writes: a temporary file in the same folder, flushed to disk, then renamed over
//! the target.
//!
//! This file owns the one way kg writes output files, so that an interrupted or failed write
//! (SIGINT, SIGKILL, a full disk) never leaves a half-written file and never loses the previous
//! one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// The temporary files of writes in progress, for [`remove_temporary_files`].
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove the temporary files of the writes in progress (for an interrupt handler: the targets
/// keep their previous contents). SIGKILL cannot be handled; a killed write leaves its
/// temporary file (`.NAME.kg-tmp-PID`) beside an intact target.
///
/// Returns how many writes were in progress.
pub fn remove_temporary_files() -> usize {
    let files = match IN_FLIGHT.lock() {
        Ok(mut f) => std::mem::take(&mut *f),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    for f in &files {
        let _ = std::fs::remove_file(f);
    }
    files.len()
}

/// A pause inside every write, after the first bytes reach the temporary file and before the
/// rename, in milliseconds; 0 for none. Only for tests of interrupted writes (`cli` sets it from
/// `KG_TEST_PAUSE_WRITES`), which need a write that is certainly in progress.
static PAUSE_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Pause every write for `ms` milliseconds, after its first bytes reach the temporary file and
/// before the rename; for tests of interrupted writes only.
pub fn pause_writes_for_tests(ms: u64) {
    PAUSE_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

/// A writer that pauses once, after its first write.
struct Pausing<W: Write> {
    inner: W,
    paused: bool,
}

impl<W: Write> Write for Pausing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        if !self.paused && n > 0 {
            self.paused = true;
            self.inner.flush()?;
            let ms = PAUSE_MS.load(std::sync::atomic::Ordering::Relaxed);
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn track(tmp: &Path, on: bool) {
    let mut files = IN_FLIGHT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if on {
        files.push(tmp.to_owned());
    } else {
        files.retain(|f| f != tmp);
    }
}

/// Write `bytes` to `path` atomically.
///
/// # Errors
/// [`Error::Io`] naming `path` (or its folder) when the folder cannot be written, the disk is
/// full, or the rename fails. The temporary file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Write to `path` atomically through a writer.
///
/// # Errors
/// As [`write_atomic`], plus the writer closure's errors.
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    static SEQUENCE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.kg-tmp-{}-{n}", std::process::id()));
    track(&tmp, true);
    let result = write_temporary(&tmp, fill);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        track(&tmp, false);
        let at = if e.kind() == std::io::ErrorKind::NotFound || e.kind() == std::io::ErrorKind::PermissionDenied {
            dir
        } else {
            path.to_owned()
        };
        return Err(Error::io(&at, e));
    }
    let renamed = std::fs::rename(&tmp, path);
    track(&tmp, false);
    if let Err(e) = renamed {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

fn write_temporary(tmp: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let create = || std::fs::OpenOptions::new().write(true).create_new(true).open(tmp);
    let file = match create() {
        // Left by a killed run whose process id this one has been given again: no live
        // process owns it.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(tmp)?;
            create()?
        }
        other => other?,
    };
    let file = EarlySync::new(file);
    let file = if PAUSE_MS.load(std::sync::atomic::Ordering::Relaxed) > 0 {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, Pausing { inner: file, paused: false });
        fill(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.inner
    } else {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?
    };
    file.finish()
}

/// Bytes written between requests to start writing a big file out to disk.
const SYNC_EVERY: u64 = 64 << 20;

/// A file that, once it is big, is written out to disk in the background as it grows (a second
/// thread syncs it every [`SYNC_EVERY`] bytes), so that the final sync before the rename does
/// not wait for the whole file. A background sync's error fails the write.
struct EarlySync {
    file: std::fs::File,
    unsynced: u64,
    syncer: Option<Syncer>,
}

struct Syncer {
    wake: std::sync::mpsc::SyncSender<()>,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

impl EarlySync {
    fn new(file: std::fs::File) -> EarlySync {
        EarlySync { file, unsynced: 0, syncer: None }
    }

    fn request_sync(&mut self) -> std::io::Result<()> {
        if self.syncer.is_none() {
            let copy = self.file.try_clone()?;
            let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
            let thread = std::thread::Builder::new().name("kg-sync".into()).spawn(move || {
                for () in woken {
                    copy.sync_data()?;
                }
                Ok(())
            })?;
            self.syncer = Some(Syncer { wake, thread });
        }
        if let Some(s) = &self.syncer {
            // A sync in progress will be followed by one more; a full queue already asks for it.
            let _ = s.wake.try_send(());
        }
        Ok(())
    }

    /// Wait for the background syncs, then sync the whole file.
    fn finish(self) -> std::io::Result<()> {
        if let Some(Syncer { wake, thread }) = self.syncer {
            drop(wake);
            match thread.join() {
                Ok(r) => r?,
                Err(_) => return Err(std::io::Error::other("the background sync failed")),
            }
        }
        self.file.sync_all()
    }
}

impl Write for EarlySync {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n as u64;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            self.request_sync()?;
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A failing writer keeps the old file.
        let err = write_atomic_with(&p, |_| Err(std::io::Error::other("boom"))).unwrap_err();
        assert!(err.to_string().contains("boom"));
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_named() {
        let err = write_atomic(Path::new("/nonexistent-kg-dir/x.json"), b"x").unwrap_err();
        assert!(err.to_string().starts_with("/nonexistent-kg-dir"), "{err}");
    }
}
