//! `/api/searches`: a user's saved searches, their alerts on a real vault change, and who
//! may see them (their owner only).

use clearlist_engine::dataset::Dataset;
use clearlist_engine::query::SavedLists;
use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::lists::{common_industries, dataset, engine_ids};
use crate::{Client, Tenant, TestServer, expect_error, json_with};

async fn create(client: &Client, body: &Value) -> Value {
    json_with(
        client.post("/api/searches", body).await,
        StatusCode::CREATED,
    )
    .await
}

fn count_searches(server: &TestServer) -> i64 {
    server
        .sql()
        .query_row("SELECT count(*) FROM searches", [], |r| r.get(0))
        .unwrap()
}

/// Moves account `account` into the industry of account `like` and bumps the vault
/// version, as an import would.
fn move_into_industry_of(server: &TestServer, account: u32, like: u32) {
    let conn = server.sql();
    let changed = conn
        .execute(
            "UPDATE accounts SET industry = (SELECT industry FROM accounts WHERE id = ?1)
             WHERE id = ?2",
            [like, account],
        )
        .unwrap();
    assert_eq!(changed, 1);
    conn.execute(
        "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
         WHERE key = 'vault_version'",
        [],
    )
    .unwrap();
}

/// The accounts `definition` matches on `data`, and the first account it does not match.
fn matching_and_newcomer(data: &Dataset, definition: &str) -> (Vec<u32>, u32) {
    let matching = engine_ids(data, definition, &SavedLists::default());
    let newcomer = (0..u32::try_from(data.len()).unwrap())
        .map(|row| data.id_of(row))
        .find(|id| !matching.contains(id))
        .expect("an account of another industry");
    (matching, newcomer)
}

/// The dataset version of the vault as it is now, as the app polls it: built first if the
/// vault moved (alerts answer from the newest dataset built, without waiting for one).
async fn current_version(client: &Client) -> String {
    let current = json_with(client.get("/api/dataset/version").await, StatusCode::OK).await;
    current["version"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn searches_are_saved_with_a_baseline_changed_and_deleted() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let (data, version) = dataset(&builder).await;
    let (industry, _) = common_industries(&data);

    let written = format!("#v=1&sort=intent&industry=all:{industry}");
    let canonical = format!("v=1&industry=any:{industry}");
    let search = create(
        &builder,
        &json!({ "name": " Watch list ", "definition": written }),
    )
    .await;
    assert_eq!(search["name"], "Watch list");
    assert_eq!(search["definition"], canonical);
    assert_eq!(search["alerts"], true, "alerts are on by default");
    let expected = engine_ids(&data, &canonical, &SavedLists::default());
    assert_eq!(search["baseline"]["accounts"], expected.len());
    assert_eq!(search["baseline"]["dataset_version"], version);
    let stored: String = server
        .sql()
        .query_row(
            "SELECT baseline FROM searches WHERE id = ?1",
            [search["id"].as_i64()],
            |r| r.get(0),
        )
        .unwrap();
    let mut sorted = expected.clone();
    sorted.sort_unstable();
    assert_eq!(serde_json::from_str::<Vec<u32>>(&stored).unwrap(), sorted);

    let quiet = create(
        &builder,
        &json!({ "name": "Quiet", "definition": "v=1", "alerts": false }),
    )
    .await;
    assert_eq!(quiet["alerts"], false);
    let index = json_with(builder.get("/api/searches").await, StatusCode::OK).await;
    assert_eq!(index, json!([quiet.clone(), search.clone()]), "by name");

    let path = format!("/api/searches/{}", search["id"]);
    assert_eq!(
        json_with(builder.get(&path).await, StatusCode::OK).await,
        search
    );
    let changed = json_with(
        builder
            .send_json(
                Method::PATCH,
                &path,
                &json!({ "name": "Renamed", "alerts": false }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["name"], "Renamed");
    assert_eq!(changed["alerts"], false);
    assert_eq!(changed["definition"], canonical);
    assert_eq!(changed["baseline"], search["baseline"]);
    // The definition is what the search is: it cannot be changed, only saved anew.
    expect_error(
        builder
            .send_json(Method::PATCH, &path, &json!({ "definition": "v=1" }))
            .await,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    expect_error(
        builder
            .send_json(Method::PATCH, &path, &json!({ "name": " " }))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_name",
    )
    .await;

    let response = builder.delete(&path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    expect_error(builder.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(count_searches(&server), 1);
}

#[tokio::test]
async fn alerts_name_the_accounts_that_match_after_a_vault_change_until_acknowledged() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let (data, version) = dataset(&admin).await;
    let (industry, _) = common_industries(&data);
    let definition = format!("v=1&industry=any:{industry}");
    let (matching, newcomer) = matching_and_newcomer(&data, &definition);
    let search = create(
        &admin,
        &json!({ "name": "Alerts", "definition": definition }),
    )
    .await;
    let alerts_path = format!("/api/searches/{}/alerts", search["id"]);

    // Nothing changed yet.
    let quiet = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    assert_eq!(
        quiet,
        json!({
            "dataset_version": version,
            "baseline_version": version,
            "new_accounts": [],
            "count": 0,
        })
    );

    move_into_industry_of(&server, newcomer, matching[0]);
    let (changed, new_version) = dataset(&admin).await;
    assert_ne!(new_version, version);
    let row = changed.row_of(newcomer).unwrap();
    let alerts = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    assert_eq!(alerts["dataset_version"], new_version);
    assert_eq!(alerts["baseline_version"], version);
    assert_eq!(alerts["count"], 1, "{alerts}");
    assert_eq!(
        alerts["new_accounts"],
        json!([{
            "id": newcomer,
            "name": changed.name(row),
            "domain": changed.domain(row),
        }])
    );

    // Acknowledged, the new matches become the baseline.
    let acknowledged = json_with(
        admin
            .post(
                &format!("/api/searches/{}/acknowledge", search["id"]),
                &json!({}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(acknowledged["baseline"]["dataset_version"], new_version);
    assert_eq!(acknowledged["baseline"]["accounts"], matching.len() + 1);
    let after = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    assert_eq!(after["count"], 0);
    assert_eq!(after["new_accounts"], json!([]));
    assert_eq!(after["baseline_version"], new_version);

    // Another change: an account leaving the search is no alert, a new one is.
    let second = (0..u32::try_from(changed.len()).unwrap())
        .map(|row| changed.id_of(row))
        .find(|id| *id != newcomer && !matching.contains(id))
        .expect("another account of another industry");
    let donor = (0..u32::try_from(changed.len()).unwrap())
        .map(|row| changed.id_of(row))
        .rev()
        .find(|id| ![newcomer, second].contains(id) && !matching.contains(id))
        .expect("an account of another industry, to take the industry of");
    move_into_industry_of(&server, second, matching[0]);
    move_into_industry_of(&server, newcomer, donor);
    current_version(&admin).await;
    let alerts = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    let ids: Vec<u64> = alerts["new_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|account| account["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [u64::from(second)]);
}

/// After the vault moves, a saved search is created on the previous dataset at once (no
/// request waits for the rebuild), the rebuild starts in the background, and what asks for
/// the current dataset (the version the app polls, downloads, exports) gets the new one.
#[tokio::test]
async fn after_a_vault_change_searches_use_the_previous_dataset_until_the_new_one_is_built() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let (data, version) = dataset(&admin).await;
    let (industry, _) = common_industries(&data);
    let definition = format!("v=1&industry=any:{industry}");
    let (matching, newcomer) = matching_and_newcomer(&data, &definition);
    move_into_industry_of(&server, newcomer, matching[0]);

    let search = create(
        &admin,
        &json!({ "name": "Before the rebuild", "definition": definition }),
    )
    .await;
    assert_eq!(search["baseline"]["dataset_version"], version);
    assert_eq!(search["baseline"]["accounts"], matching.len());

    let new_version = current_version(&admin).await;
    assert_ne!(new_version, version);
    let alerts_path = format!("/api/searches/{}/alerts", search["id"]);
    let alerts = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    assert_eq!(alerts["dataset_version"], new_version);
    assert_eq!(alerts["count"], 1, "{alerts}");
    assert_eq!(alerts["new_accounts"][0]["id"], newcomer);
}

#[tokio::test]
async fn a_search_for_people_alerts_on_new_matching_contacts_by_account() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let search = create(
        &admin,
        &json!({ "name": "Security leaders", "definition": "v=1&fn=any:security&level=min:vp" }),
    )
    .await;
    assert!(
        search["baseline"]["contacts"].as_u64().is_some(),
        "{search}"
    );
    let alerts_path = format!("/api/searches/{}/alerts", search["id"]);
    let quiet = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    assert_eq!(quiet["new_contacts"], json!({ "count": 0, "accounts": [] }));

    // Two people at one account become security VPs.
    let conn = server.sql();
    let (account, name): (u32, String) = conn
        .query_row(
            "SELECT a.id, a.name FROM accounts a WHERE (SELECT count(*) FROM contacts c
                 WHERE c.account_id = a.id AND NOT (c.function = 'security'
                 AND c.seniority IN ('vp', 'c-level'))) >= 2 ORDER BY a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute(
        "UPDATE contacts SET function = 'security', seniority = 'vp' WHERE id IN
             (SELECT id FROM contacts WHERE account_id = ?1 AND NOT (function = 'security'
              AND seniority IN ('vp', 'c-level')) ORDER BY id LIMIT 2)",
        [account],
    )
    .unwrap();
    conn.execute(
        "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
         WHERE key = 'vault_version'",
        [],
    )
    .unwrap();
    current_version(&admin).await;
    let alerts = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    assert_eq!(alerts["new_contacts"]["count"], 2, "{alerts}");
    let accounts = alerts["new_contacts"]["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 1, "{alerts}");
    assert_eq!(accounts[0]["id"], account);
    assert_eq!(accounts[0]["name"], name);
    assert_eq!(accounts[0]["contacts"], 2);
    assert!(
        !alerts.to_string().contains('@'),
        "no email in alerts: {alerts}"
    );

    let acknowledged = json_with(
        admin
            .post(
                &format!("/api/searches/{}/acknowledge", search["id"]),
                &json!({}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        acknowledged["baseline"]["contacts"].as_u64(),
        search["baseline"]["contacts"].as_u64().map(|n| n + 2)
    );
    let after = json_with(admin.get(&alerts_path).await, StatusCode::OK).await;
    assert_eq!(after["new_contacts"]["count"], 0);
}

#[tokio::test]
async fn searches_are_their_owners_alone() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let search = create(&admin, &json!({ "name": "Mine", "definition": "v=1" })).await;
    let id = &search["id"];

    let colleague = server.sign_in(Role::ListBuilder).await;
    let globex = server.sign_in_as(Tenant::Globex, Role::Administrator).await;
    for other in [&colleague, &globex] {
        assert_eq!(
            json_with(other.get("/api/searches").await, StatusCode::OK).await,
            json!([])
        );
        for (method, path, body) in [
            (Method::GET, format!("/api/searches/{id}"), None),
            (Method::GET, format!("/api/searches/{id}/alerts"), None),
            (
                Method::PATCH,
                format!("/api/searches/{id}"),
                Some(json!({ "name": "Taken" })),
            ),
            (
                Method::POST,
                format!("/api/searches/{id}/acknowledge"),
                Some(json!({})),
            ),
            (Method::DELETE, format!("/api/searches/{id}"), None),
        ] {
            let request = other.request(method, &path);
            let request = match body {
                Some(body) => request.json(&body),
                None => request,
            };
            expect_error(
                request.send().await.unwrap(),
                StatusCode::NOT_FOUND,
                "not_found",
            )
            .await;
        }
    }

    let reader = server.sign_in(Role::ReadOnly).await;
    for (method, path) in [
        (Method::GET, "/api/searches".to_owned()),
        (Method::POST, "/api/searches".to_owned()),
        (Method::GET, format!("/api/searches/{id}")),
        (Method::GET, format!("/api/searches/{id}/alerts")),
        (Method::PATCH, format!("/api/searches/{id}")),
        (Method::POST, format!("/api/searches/{id}/acknowledge")),
        (Method::DELETE, format!("/api/searches/{id}")),
    ] {
        let body = json!({ "name": "Mine", "definition": "v=1" });
        let response = if method == Method::PATCH {
            reader
                .send_json(method, &path, &json!({ "name": "x" }))
                .await
        } else {
            reader.send_json(method, &path, &body).await
        };
        expect_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    }

    let unchanged = json_with(
        admin.get(&format!("/api/searches/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unchanged, search);
    assert_eq!(count_searches(&server), 1);
}

#[tokio::test]
async fn invalid_searches_are_refused_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let globex = server.sign_in_as(Tenant::Globex, Role::ListBuilder).await;
    let foreign = json_with(
        globex
            .post(
                "/api/lists",
                &json!({ "name": "Globex", "definition": "v=1" }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    for (definition, parameter) in [
        ("v=1&colour=red".to_owned(), "`colour`"),
        ("v=1&industry=any:no-such-industry".to_owned(), "`industry`"),
        ("v=1&seg=no-such-segment".to_owned(), "`seg`"),
        (format!("v=1&list=in:{}", foreign["id"]), "`list`"),
    ] {
        let body = json_with(
            builder
                .post(
                    "/api/searches",
                    &json!({ "name": "Bad", "definition": definition }),
                )
                .await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(body["error"]["code"], "invalid_list_url", "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(parameter), "{definition}: {message}");
    }
    expect_error(
        builder
            .post("/api/searches", &json!({ "name": "", "definition": "v=1" }))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_name",
    )
    .await;
    expect_error(
        builder
            .post(
                "/api/searches",
                &json!({ "name": "x", "definition": "v=1", "baseline": [1, 2] }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    assert_eq!(count_searches(&server), 0);
}
