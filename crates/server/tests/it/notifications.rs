//! Notifications: a list assigned by a colleague and a saved search with new matching
//! accounts reach the notification menu (unread until seen) and the daily digest email,
//! sent through a real SMTP server (Debian's aiosmtpd, writing a maildir) by
//! `clearlist digest`; a second run the same day sends nothing.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{Client, Tenant, TestServer, email, json_with};

const BIN: &str = env!("CARGO_BIN_EXE_clearlist");

/// An SMTP server on a free port of 127.0.0.1 that keeps every message in a maildir.
struct SmtpSink {
    child: Child,
    port: u16,
}

impl SmtpSink {
    fn start(maildir: &Path) -> SmtpSink {
        for part in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(maildir.join(part)).unwrap();
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // Debian's interpreter, which has Debian's aiosmtpd (not whichever python3 is on PATH).
        let child = Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect(
                "/usr/bin/python3 -m aiosmtpd (Debian's python3-aiosmtpd; scripts/setup.sh mail)",
            );
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the SMTP sink did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpSink { child, port }
    }

    /// Every message received, as text.
    fn messages(maildir: &Path) -> Vec<String> {
        std::fs::read_dir(maildir.join("new"))
            .map(|entries| {
                entries
                    .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn menu(client: &Client) -> Value {
    json_with(client.get("/api/notifications").await, StatusCode::OK).await
}

fn digest(db: &Path, port: u16) -> String {
    let output = Command::new(BIN)
        .args(["digest", "--db"])
        .arg(db)
        .args(["--smtp-url", &format!("smtp://127.0.0.1:{port}")])
        .args(["--mail-from", "Clearlist <digest@clearlist.test>"])
        .args(["--public-url", "https://clearlist.test"])
        .output()
        .expect("clearlist digest");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

#[tokio::test]
async fn assignments_and_new_matches_reach_the_menu_and_the_daily_digest() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let reader = server.sign_in(Role::ReadOnly).await;

    // A list assigned to the reader by the administrator.
    let list = json_with(
        admin
            .post(
                "/api/lists",
                &json!({ "name": "Fintech in Germany", "definition": "v=1&country=any:de" }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    json_with(
        admin
            .send_json(
                Method::PUT,
                &format!("/api/lists/{}/assignees", list["id"]),
                &json!({ "user_ids": [reader.user_id] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let seen = menu(&reader).await;
    assert_eq!(seen["unread"], 1, "{seen}");
    assert_eq!(seen["items"][0]["kind"], "assignment");
    assert_eq!(
        seen["items"][0]["text"],
        "Acme administrator assigned you the list “Fintech in Germany”"
    );
    let response = reader
        .request(Method::POST, "/api/notifications/seen")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let after = menu(&reader).await;
    assert_eq!(after["unread"], 0);
    assert_eq!(after["items"][0]["unread"], false, "still listed, as read");

    // A saved search whose baseline predates every account: all of them are new.
    let search = json_with(
        builder
            .post(
                "/api/searches",
                &json!({ "name": "Everything", "definition": "v=1" }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        menu(&builder).await["unread"],
        0,
        "nothing new on the same dataset"
    );
    server
        .sql()
        .execute(
            "UPDATE searches SET baseline = '[]', baseline_version = 'an older dataset' WHERE id = ?1",
            [search["id"].as_i64().unwrap()],
        )
        .unwrap();
    let news = menu(&builder).await;
    assert_eq!(news["unread"], 1, "{news}");
    assert_eq!(news["items"][0]["kind"], "search");
    assert!(
        news["items"][0]["text"]
            .as_str()
            .unwrap()
            .ends_with("new accounts match your search “Everything”")
    );

    // The digest: one email each to the reader and the builder, none to the administrator.
    let maildir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(maildir.path());
    let report = digest(&server.db, sink.port);
    assert!(report.contains("sent 2 digest emails"), "{report}");
    let messages = SmtpSink::messages(maildir.path());
    assert_eq!(messages.len(), 2);
    let to = |role| email(Tenant::Acme, role);
    let for_reader = messages
        .iter()
        .find(|m| m.contains(&to(Role::ReadOnly)))
        .expect("the reader's digest");
    assert!(for_reader.contains("assigned you the list"), "{for_reader}");
    assert!(
        for_reader.contains("https://clearlist.test/lists"),
        "{for_reader}"
    );
    let for_builder = messages
        .iter()
        .find(|m| m.contains(&to(Role::ListBuilder)))
        .expect("the builder's digest");
    assert!(for_builder.contains("match your search"), "{for_builder}");
    assert!(
        !messages
            .iter()
            .any(|m| m.contains(&to(Role::Administrator)))
    );
    // Names of lists and colleagues and counts only: no other address in the body.
    for message in &messages {
        let body = message
            .split("\n\n")
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n\n");
        assert!(!body.contains('@'), "{body}");
    }

    // Once a day: running it again sends nothing.
    assert!(digest(&server.db, sink.port).contains("sent 0 digest emails"));
    assert_eq!(SmtpSink::messages(maildir.path()).len(), 2);
}
