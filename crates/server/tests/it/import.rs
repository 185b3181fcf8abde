//! Imports: the CLI and the upload skip each unusable row (bad cell, unknown account,
//! unusable email, a person who was erased) and name it by file and line while importing
//! every other row; a dry run writes nothing; only a file that cannot be read as the
//! documented CSV refuses the whole import. The upload reports progress, moves the dataset
//! version and is audited; only the vault's steward organisation may upload.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use clearlist_engine::suppression::normalise_email;
use clearlist_server::Store;
use clearlist_server::roles::Role;
use reqwest::StatusCode;
use rusqlite::Connection;
use serde_json::Value;

use crate::{Client, Tenant, TestServer, expect_error, json_with};

const BIN: &str = env!("CARGO_BIN_EXE_clearlist");

/// Writes a generated vault of `accounts` accounts into `dir` and appends unusable rows:
/// returns the lines (file, line) they are on.
fn files_with_bad_rows(dir: &Path, accounts: u32) -> Vec<(&'static str, u64)> {
    let status = Command::new(BIN)
        .args([
            "generate",
            "--accounts",
            &accounts.to_string(),
            "--seed",
            "5",
            "--out",
        ])
        .arg(dir)
        .output()
        .expect("generate");
    assert!(status.status.success());
    let append = |name: &str, rows: &str| -> u64 {
        let path = dir.join(name);
        let mut text = fs::read_to_string(&path).unwrap();
        let first = text.lines().count() as u64 + 1;
        text.push_str(rows);
        fs::write(path, text).unwrap();
        first
    };
    let accounts_line = append(
        "accounts.csv",
        "99999,Nowhere,nowhere.example,XX,,Banking,5,,,,,\n",
    );
    let accounts_text = fs::read_to_string(dir.join("accounts.csv")).unwrap();
    let first_account = accounts_text
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    let contacts_line = append(
        "contacts.csv",
        &format!(
            "900001,{first_account},A,B,not-an-email,,it,staff,,consent,,\n\
             900002,99999,C,D,c@nowhere.example,,it,staff,,consent,,\n\
             900003,424242,E,F,e@elsewhere.example,,it,staff,,consent,,\n"
        ),
    );
    vec![
        ("accounts.csv", accounts_line),
        ("contacts.csv", contacts_line),
        ("contacts.csv", contacts_line + 1),
        ("contacts.csv", contacts_line + 2),
    ]
}

/// Puts the first contact of `contacts.csv` on the erasure list; returns its line (2).
fn erase_first_contact(db: &Path, dir: &Path) -> u64 {
    let contacts = fs::read_to_string(dir.join("contacts.csv")).unwrap();
    let email = contacts
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(4)
        .unwrap()
        .to_owned();
    let store = Store::open(db).unwrap();
    let key = store.pseudonym_key_blocking().unwrap();
    let pseudonym = key.pseudonym(&normalise_email(&email).unwrap()).unwrap().0;
    drop(store);
    Connection::open(db)
        .unwrap()
        .execute(
            "INSERT INTO erasures (pseudonym, erased_at) VALUES (?1, 0)",
            [i64::from_ne_bytes(pseudonym.to_ne_bytes())],
        )
        .unwrap();
    2
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn import(db: &Path, dir: &Path, dry_run: bool) -> String {
    let mut command = Command::new(BIN);
    command
        .args(["import", "--db"])
        .arg(db)
        .arg("--from")
        .arg(dir);
    if dry_run {
        command.arg("--dry-run");
    }
    let output = command.output().expect("import");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

#[test]
fn the_cli_skips_bad_rows_by_file_and_line_and_a_dry_run_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let (db, dir) = (temp.path().join("db.sqlite"), temp.path().join("csv"));
    let bad = files_with_bad_rows(&dir, 30);
    drop(Store::open(&db).unwrap());
    let erased_line = erase_first_contact(&db, &dir);
    let contacts_in_file = fs::read_to_string(dir.join("contacts.csv"))
        .unwrap()
        .lines()
        .count() as i64
        - 1;

    let report = import(&db, &dir, true);
    assert!(report.contains("would import 30 accounts"), "{report}");
    for (file, line) in bad.iter().chain([&("contacts.csv", erased_line)]) {
        assert!(
            report.contains(&format!("{file}, line {line}")),
            "{file} {line}: {report}"
        );
    }
    assert!(report.contains("left out 5 rows"), "{report}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM contacts"),
        0,
        "a dry run writes nothing"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM settings WHERE key = 'vault_version'"
        ),
        0
    );

    let report = import(&db, &dir, false);
    assert!(report.contains("imported 30 accounts"), "{report}");
    assert!(report.contains("asked to be erased"), "{report}");
    assert_eq!(count(&db, "SELECT count(*) FROM accounts"), 30);
    // Every other contact is in: the file's, less three bad rows and the erased person.
    assert_eq!(
        count(&db, "SELECT count(*) FROM contacts"),
        contacts_in_file - 4
    );

    // A bad header refuses the whole import, naming it; nothing changes.
    fs::write(
        dir.join("intent.csv"),
        "account_id,segmnt,week_start,readers\n",
    )
    .unwrap();
    let output = Command::new(BIN)
        .args(["import", "--db"])
        .arg(&db)
        .arg("--from")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("intent.csv, line 1: unknown column `segmnt`"),
        "{stderr}"
    );
}

pub(crate) fn upload_form(dir: &Path) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for name in ["meta", "accounts", "contacts", "intent"] {
        let bytes = fs::read(dir.join(format!("{name}.csv"))).unwrap();
        let part = reqwest::multipart::Part::bytes(bytes).file_name(format!("{name}.csv"));
        form = form.part(name, part);
    }
    form
}

/// Uploads and waits for the job to finish; returns the finished job.
async fn upload(admin: &Client, dir: &Path, dry_run: bool) -> Value {
    let response = admin
        .request(
            reqwest::Method::POST,
            &format!("/api/import?dry_run={dry_run}"),
        )
        .multipart(upload_form(dir))
        .send()
        .await
        .unwrap();
    let job = json_with(response, StatusCode::ACCEPTED).await;
    let id = job["id"].as_u64().unwrap();
    for _ in 0..600 {
        let job = json_with(
            admin.get(&format!("/api/import/{id}")).await,
            StatusCode::OK,
        )
        .await;
        if job["stage"] == "done" {
            if job.get("outcome").is_some() {
                assert_eq!(
                    job["read_bytes"], job["total_bytes"],
                    "read to the end: {job}"
                );
            }
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

async fn version(client: &Client) -> String {
    let body = json_with(client.get("/api/dataset/version").await, StatusCode::OK).await;
    body["version"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn an_upload_reports_each_skipped_row_moves_the_version_and_is_audited() {
    let server = TestServer::start().await;
    let temp = tempfile::tempdir().unwrap();
    let bad = files_with_bad_rows(temp.path(), 40);
    let admin = server.sign_in(Role::Administrator).await;
    let before = version(&admin).await;

    let dry = upload(&admin, temp.path(), true).await;
    let outcome = &dry["outcome"];
    assert_eq!(outcome["dry_run"], true);
    assert_eq!(outcome["accounts"], 40);
    let skipped: Vec<(String, u64)> = outcome["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["file"].as_str().unwrap().to_owned(),
                row["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = bad.iter().map(|(f, l)| ((*f).to_owned(), *l)).collect();
    assert_eq!(skipped, expected);
    assert_eq!(version(&admin).await, before, "a dry run changes nothing");

    let done = upload(&admin, temp.path(), false).await;
    assert_eq!(done["outcome"]["dry_run"], false);
    assert_eq!(done["outcome"]["skipped_total"], 4);
    // A reader of the same organisation is offered the new dataset.
    let reader = server.sign_in(Role::ReadOnly).await;
    assert_ne!(version(&reader).await, before);
    let audit = json_with(
        admin.get("/api/audit?action=vault.import").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit[0]["detail"]["skipped"], 4, "{audit}");

    // A file that is not the documented CSV: the job says why, and nothing is written.
    fs::write(temp.path().join("accounts.csv"), "id;name\n1;Acme\n").unwrap();
    let refused = upload(&admin, temp.path(), false).await;
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("accounts.csv, line 1"),
        "{refused}"
    );
    assert!(refused.get("outcome").is_none());

    // The upload must hold all four files.
    let partial = reqwest::multipart::Form::new().text("meta", "key,value\n");
    let response = admin
        .request(reqwest::Method::POST, "/api/import")
        .multipart(partial)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::BAD_REQUEST, "missing_part").await;

    // Another organisation's Administrator licenses the vault but does not look after it.
    let globex = server.sign_in_as(Tenant::Globex, Role::Administrator).await;
    let response = globex
        .request(reqwest::Method::POST, "/api/import?dry_run=true")
        .multipart(upload_form(temp.path()))
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    expect_error(
        globex.get(&format!("/api/import/{}", done["id"])).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
