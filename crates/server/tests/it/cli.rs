//! The command line as a shell user meets it: `clearlist dump` into a reader that stops
//! early (`| head`) ends quietly and successfully.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_clearlist");
const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../engine/tests/golden/dataset-v2.clds"
);

#[test]
fn dump_into_a_reader_that_stops_early_ends_quietly() {
    let mut child = Command::new(BIN)
        .args(["dump", "--jsonl", "--dataset", GOLDEN])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("clearlist runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a first line");
    // The reader is gone; the rest of the ~300 accounts (far more than a pipe holds)
    // meets a closed pipe.
    let output = child.wait_with_output().expect("clearlist exits");
    assert!(
        first.starts_with('{') && first.contains("\"id\":1,"),
        "{first}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
    assert!(
        !stderr.contains("Error") && !stderr.contains("panicked"),
        "{stderr}"
    );
}
