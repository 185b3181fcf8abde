//! Crash safety: SIGKILL of `clearlist import` part way through its writes (the vault keeps
//! its version, the import is marked unfinished, and running it again completes it), and
//! of `clearlist serve` while it sends an export, loses nothing committed and leaves a
//! consistent database that the next start opens normally. SIGTERM is the clean stop: the
//! server finishes the exports under way, sends them whole, lets an import under way write
//! all of it (audited, its version moved), and exits with success.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clearlist_server::Store;
use reqwest::StatusCode;
use rusqlite::Connection;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_clearlist");

fn run(args: &[&str]) {
    let status = Command::new(BIN)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("run clearlist");
    assert!(status.success(), "clearlist {args:?}: {status}");
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The database is internally consistent: pages, indexes and foreign keys.
fn assert_consistent(db: &Path) {
    // Opening runs WAL recovery and the migrations, as a server start does.
    drop(Store::open(db).expect("the database opens after the crash"));
    let conn = Connection::open(db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let mut statement = conn.prepare("PRAGMA foreign_key_check").unwrap();
    let violations = statement.query_map([], |_| Ok(())).unwrap().count();
    assert_eq!(violations, 0, "foreign key violations");
}

fn kill(child: &mut Child) {
    // SIGKILL: no destructor, no rollback, no checkpoint.
    child.kill().expect("SIGKILL");
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed, not finished: {status}");
}

#[test]
fn an_import_killed_part_way_keeps_the_version_and_a_re_run_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clearlist.sqlite");
    let db_arg = db.to_str().unwrap();
    run(&["demo", "--db", db_arg, "--accounts", "300", "--seed", "3"]);
    let csv = dir.path().join("more");
    run(&[
        "generate",
        "--accounts",
        "6000",
        "--seed",
        "4",
        "--out",
        csv.to_str().unwrap(),
    ]);
    let (contacts_before, version_before) = {
        let conn = Connection::open(&db).unwrap();
        (
            count(&conn, "SELECT count(*) FROM contacts"),
            count(
                &conn,
                "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'vault_version'",
            ),
        )
    };

    let mut import = Command::new(BIN)
        .args(["import", "--db", db_arg, "--from", csv.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The write transaction has begun once the write-ahead log grows past a few pages.
    let wal = PathBuf::from(format!("{db_arg}-wal"));
    let started = Instant::now();
    loop {
        let size = std::fs::metadata(&wal).map_or(0, |m| m.len());
        if size > 512 * 1024 {
            break;
        }
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    kill(&mut import);

    assert_consistent(&db);
    let version = |conn: &Connection| {
        count(
            conn,
            "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'vault_version'",
        )
    };
    let conn = Connection::open(&db).unwrap();
    assert_eq!(version(&conn), version_before, "no new dataset version");
    let store = Store::open(&db).unwrap();
    assert!(
        store.interrupted_import_blocking().unwrap().is_some(),
        "the import is marked unfinished"
    );
    drop(store);
    assert!(count(&conn, "SELECT count(*) FROM contacts") >= contacts_before);
    drop(conn);

    // The same import, run again, completes: the version moves and the mark is gone.
    run(&["import", "--db", db_arg, "--from", csv.to_str().unwrap()]);
    let conn = Connection::open(&db).unwrap();
    assert!(count(&conn, "SELECT count(*) FROM contacts") > contacts_before + 20_000);
    assert_eq!(version(&conn), version_before + 1);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.interrupted_import_blocking().unwrap(), None);
}

/// A demo database with its users (the administrator's credentials kept) and a stand-in
/// app directory, for a `clearlist serve` child.
struct Demo {
    db: PathBuf,
    dist: PathBuf,
    email: String,
    password: String,
}

impl Demo {
    fn create(dir: &Path, accounts: &str, seed: &str) -> Demo {
        let db = dir.join("clearlist.sqlite");
        let credentials = dir.join("credentials.json");
        run(&[
            "demo",
            "--db",
            db.to_str().unwrap(),
            "--accounts",
            accounts,
            "--seed",
            seed,
            "--credentials",
            credentials.to_str().unwrap(),
        ]);
        let credentials: Value =
            serde_json::from_slice(&std::fs::read(&credentials).unwrap()).unwrap();
        let admin = credentials
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["role"] == "administrator")
            .unwrap();
        let dist = dir.join("dist");
        std::fs::create_dir(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
        Demo {
            db,
            dist,
            email: admin["email"].as_str().unwrap().to_owned(),
            password: admin["password"].as_str().unwrap().to_owned(),
        }
    }
}

/// A `clearlist serve` child process.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &Path, dist: &Path) -> Server {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--db",
                db.to_str().unwrap(),
                "--dist",
                dist.to_str().unwrap(),
            ])
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        let base = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        Server { child, base }
    }
}

async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> (String, String) {
    let response = client
        .post(format!("{base}/api/session"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    (cookie, body["csrf_token"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_server_killed_during_exports_keeps_every_export_it_began_sending_and_nothing_half_written()
 {
    let dir = tempfile::tempdir().unwrap();
    let Demo {
        db,
        dist,
        email,
        password,
    } = Demo::create(dir.path(), "3000", "5");
    // A list of every account: its export is large enough to still be sending when killed.
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO lists (id, tenant_id, owner_id, name, definition, created_at, updated_at)
             VALUES (1, 1, 1, 'Everyone', 'v=1', 0, 0)",
            [],
        )
        .unwrap();

    let mut server = Server::start(&db, &dist);
    let client = reqwest::Client::new();
    let (cookie, csrf) = sign_in(&client, &server.base, &email, &password).await;
    let mut started = Vec::new();
    for _ in 0..3 {
        let response = client
            .post(format!("{}/api/lists/1/exports", server.base))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&json!({ "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        // Headers are in: the export is being sent, so its record must be durable.
        let id: i64 = response.headers()["x-export-id"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        started.push(id);
    }
    kill(&mut server.child);

    assert_consistent(&db);
    let conn = Connection::open(&db).unwrap();
    for id in &started {
        let rows = count(&conn, &format!("SELECT rows FROM exports WHERE id = {id}"));
        assert!(rows > 0);
        assert_eq!(
            count(
                &conn,
                &format!("SELECT count(*) FROM export_contacts WHERE export_id = {id}")
            ),
            rows
        );
        assert_eq!(
            count(
                &conn,
                &format!(
                    "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '%\"export\":{id},%'"
                )
            ),
            1
        );
    }

    // The next start serves the history with every export in it.
    let mut server = Server::start(&db, &dist);
    let (mut cookie, mut csrf) = sign_in(&client, &server.base, &email, &password).await;
    let history: Value = client
        .get(format!("{}/api/exports", server.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    for id in &started {
        assert!(ids.contains(id), "export {id} lost: {ids:?}");
    }

    // Kills at arbitrary moments of an export: each export is recorded whole or not at all.
    for delay in [0, 15, 40, 120] {
        let request = client
            .post(format!("{}/api/lists/1/exports", server.base))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&json!({ "password": password }))
            .send();
        let pending = tokio::spawn(request);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        kill(&mut server.child);
        let _ = pending.await;
        assert_consistent(&db);
        let conn = Connection::open(&db).unwrap();
        let mut statement = conn.prepare("SELECT id, rows FROM exports").unwrap();
        let exports: Vec<(i64, i64)> = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (id, rows) in exports {
            assert_eq!(
                count(
                    &conn,
                    &format!("SELECT count(*) FROM export_contacts WHERE export_id = {id}")
                ),
                rows,
                "export {id} after a kill at {delay} ms"
            );
            assert_eq!(
                count(
                    &conn,
                    &format!(
                        "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '%\"export\":{id},%'"
                    )
                ),
                1
            );
        }
        server = Server::start(&db, &dist);
        (cookie, csrf) = sign_in(&client, &server.base, &email, &password).await;
    }
    kill(&mut server.child);
}

/// Sends SIGTERM and waits (at most a minute) for the process to end.
fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success(), "kill -TERM: {sent}");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not stop within a minute of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn sigterm_mid_export_sends_the_export_whole_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let Demo {
        db,
        dist,
        email,
        password,
    } = Demo::create(dir.path(), "3000", "6");
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO lists (id, tenant_id, owner_id, name, definition, created_at, updated_at)
             VALUES (1, 1, 1, 'Everyone', 'v=1', 0, 0)",
            [],
        )
        .unwrap();

    let mut server = Server::start(&db, &dist);
    let client = reqwest::Client::new();
    let (cookie, csrf) = sign_in(&client, &server.base, &email, &password).await;
    let export = {
        let request = client
            .post(format!("{}/api/lists/1/exports", server.base))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&json!({ "password": password }));
        tokio::spawn(async move {
            let response = request.send().await.expect("the export was answered");
            let status = response.status();
            let rows: i64 = response.headers()["x-export-rows"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let body = response.text().await.expect("the whole file arrived");
            (status, rows, body)
        })
    };
    // The export is under way (its password check alone takes tens of milliseconds).
    tokio::time::sleep(Duration::from_millis(30)).await;
    let status = tokio::task::spawn_blocking(move || terminate(&mut server.child))
        .await
        .unwrap();
    assert!(status.success(), "a clean stop: {status}");

    let (answer, rows, body) = export.await.unwrap();
    assert_eq!(answer, StatusCode::OK);
    let lines = body.split("\r\n").filter(|line| !line.is_empty()).count();
    assert_eq!(
        i64::try_from(lines).unwrap() - 1,
        rows,
        "every row, after the header"
    );
    assert_consistent(&db);
    let conn = Connection::open(&db).unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM exports"), 1);
    assert_eq!(count(&conn, "SELECT rows FROM exports"), rows);
    assert_eq!(count(&conn, "SELECT count(*) FROM export_contacts"), rows);
}

#[tokio::test]
async fn sigterm_mid_import_lets_the_import_finish_whole_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let Demo {
        db,
        dist,
        email,
        password,
    } = Demo::create(dir.path(), "300", "3");
    let csv = dir.path().join("more");
    run(&[
        "generate",
        "--accounts",
        "6000",
        "--seed",
        "4",
        "--out",
        csv.to_str().unwrap(),
    ]);
    // What the import writes when nothing stops it: the same files into a copy.
    let reference = dir.path().join("reference.sqlite");
    std::fs::copy(&db, &reference).unwrap();
    run(&[
        "import",
        "--db",
        reference.to_str().unwrap(),
        "--from",
        csv.to_str().unwrap(),
    ]);
    let rows = |db: &Path| {
        let conn = Connection::open(db).unwrap();
        ["accounts", "contacts", "intent"]
            .map(|table| count(&conn, &format!("SELECT count(*) FROM {table}")))
    };
    let version_before = count(
        &Connection::open(&db).unwrap(),
        "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'vault_version'",
    );

    let mut server = Server::start(&db, &dist);
    let client = reqwest::Client::new();
    let (cookie, csrf) = sign_in(&client, &server.base, &email, &password).await;
    let response = client
        .post(format!("{}/api/import", server.base))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .multipart(crate::import::upload_form(&csv))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let job: Value = response.json().await.unwrap();
    // Stopped once the job is past reading the files: pseudonyms or rows being written.
    let started = Instant::now();
    loop {
        let job: Value = client
            .get(format!("{}/api/import/{}", server.base, job["id"]))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        match job["stage"].as_str() {
            Some("pseudonymising" | "writing") => break,
            Some("reading") => {}
            other => panic!("the import ended before it could be stopped: {other:?} {job}"),
        }
        assert!(started.elapsed() < Duration::from_secs(120), "{job}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let status = tokio::task::spawn_blocking(move || terminate(&mut server.child))
        .await
        .unwrap();
    assert!(status.success(), "a clean stop: {status}");

    // The whole import, audited, and a new version; nothing marked unfinished.
    assert_consistent(&db);
    assert_eq!(rows(&db), rows(&reference), "accounts, contacts, intent");
    let conn = Connection::open(&db).unwrap();
    assert_eq!(
        count(
            &conn,
            "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'vault_version'"
        ),
        version_before + 1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM audit_log WHERE action = 'vault.import'"
        ),
        1
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(store.interrupted_import_blocking().unwrap(), None);
}
