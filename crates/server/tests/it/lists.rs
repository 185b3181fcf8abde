//! `/api/lists`: saved lists with canonical definitions and server-computed snapshots,
//! sharing and assignment, what each role may do, and tenant isolation.

use clearlist_engine::dataset::Dataset;
use clearlist_engine::list_url;
use clearlist_engine::query::{Context, ResolvedQuery, SavedLists};
use clearlist_engine::taxonomy::Facet;
use clearlist_server::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{Client, Tenant, TestServer, expect_error, header, json_with};

/// The caller's dataset as the browser downloads it, and its version (the entity tag
/// without quotes).
pub(crate) async fn dataset(client: &Client) -> (Dataset, String) {
    let response = client.get("/api/dataset").await;
    assert_eq!(response.status(), StatusCode::OK);
    let version = header(response.headers(), "etag")
        .trim_matches('"')
        .to_owned();
    let bytes = response.bytes().await.expect("dataset bytes");
    (Dataset::decode(&bytes).expect("dataset decodes"), version)
}

/// The account ids the engine matches for `definition` on `data`, in list order.
pub(crate) fn engine_ids(data: &Dataset, definition: &str, saved: &SavedLists) -> Vec<u32> {
    let query = list_url::decode(definition).expect("a valid definition");
    let context = Context {
        lists: Some(saved),
        suppression: None,
    };
    ResolvedQuery::resolve(data, &query, context)
        .expect("the definition runs")
        .ordered_rows()
        .into_iter()
        .map(|row| data.id_of(row))
        .collect()
}

/// The two most common industries of the dataset, most common first.
pub(crate) fn common_industries(data: &Dataset) -> (String, String) {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for row in 0..u32::try_from(data.len()).unwrap() {
        for slug in data.facet_slugs(row, Facet::Industry, None) {
            *counts.entry(slug).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    assert!(ranked.len() >= 2, "the template has several industries");
    (ranked[0].0.to_owned(), ranked[1].0.to_owned())
}

/// Creates a list, asserting 201.
async fn create(client: &Client, name: &str, definition: &str) -> Value {
    json_with(
        client
            .post(
                "/api/lists",
                &json!({ "name": name, "definition": definition }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await
}

/// The snapshot's account ids of a list.
async fn snapshot_ids(client: &Client, id: &Value) -> Vec<u32> {
    let body = json_with(
        client.get(&format!("/api/lists/{id}/accounts")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["list_id"], *id);
    assert!(body["taken_at"].is_i64(), "{body}");
    serde_json::from_value(body["account_ids"].clone()).unwrap()
}

fn ids_of(lists: &Value) -> Vec<i64> {
    lists
        .as_array()
        .expect("an array of lists")
        .iter()
        .map(|list| list["id"].as_i64().unwrap())
        .collect()
}

fn count_lists(server: &TestServer) -> i64 {
    server
        .sql()
        .query_row("SELECT count(*) FROM lists", [], |r| r.get(0))
        .unwrap()
}

fn audit_actions(server: &TestServer) -> Vec<(String, Value)> {
    let conn = server.sql();
    let mut statement = conn
        .prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'list.%' ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| {
            let detail: String = r.get(1)?;
            Ok((r.get(0)?, serde_json::from_str(&detail).unwrap()))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[tokio::test]
async fn lists_are_created_read_changed_and_deleted_with_canonical_definitions() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let (data, _) = dataset(&admin).await;
    let (first, second) = common_industries(&data);
    let (low, high) = if first < second {
        (first, second)
    } else {
        (second, first)
    };

    // Out of order, with a leading `#`, an explicit default sort and a padded name.
    let written = format!("#v=1&sort=intent&industry=any:{high},{low},{high}");
    let canonical = format!("v=1&industry=any:{low},{high}");
    let list = create(&admin, "  Target accounts  ", &written).await;
    assert_eq!(list["name"], "Target accounts");
    assert_eq!(list["definition"], canonical);
    assert_eq!(list["owner_id"], admin.user_id);
    assert_eq!(list["shared"], false);
    assert_eq!(list["assigned_to"], json!([]));
    let expected = engine_ids(&data, &canonical, &SavedLists::default());
    assert!(!expected.is_empty());
    assert_eq!(list["snapshot"]["accounts"], expected.len());
    assert!(list["snapshot"]["taken_at"].is_i64());
    let id = list["id"].clone();
    let stored: String = server
        .sql()
        .query_row(
            "SELECT definition FROM lists WHERE id = ?1",
            [id.as_i64()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, canonical);

    let index = json_with(admin.get("/api/lists").await, StatusCode::OK).await;
    assert_eq!(index, json!([list.clone()]));
    let one = json_with(admin.get(&format!("/api/lists/{id}")).await, StatusCode::OK).await;
    assert_eq!(one, list);

    // Rename and share.
    let path = format!("/api/lists/{id}");
    let changed = json_with(
        admin
            .send_json(
                Method::PATCH,
                &path,
                &json!({ "name": " Renamed ", "shared": true }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(changed["name"], "Renamed");
    assert_eq!(changed["shared"], true);
    assert_eq!(changed["definition"], canonical);
    assert_eq!(
        changed["snapshot"], list["snapshot"],
        "no new definition, same snapshot"
    );

    // Redefine: the snapshot is taken again.
    let narrower = format!("v=1&industry=any:{low}&sort=name");
    let redefined = json_with(
        admin
            .send_json(Method::PATCH, &path, &json!({ "definition": narrower }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(redefined["definition"], narrower);
    let expected = engine_ids(&data, &narrower, &SavedLists::default());
    assert_eq!(redefined["snapshot"]["accounts"], expected.len());
    assert_eq!(snapshot_ids(&admin, &id).await, expected);

    // Assign, then delete: the list and its assignments go.
    let builder = server.sign_in(Role::ListBuilder).await;
    json_with(
        admin
            .send_json(
                Method::PUT,
                &format!("/api/lists/{id}/assignees"),
                &json!({ "user_ids": [builder.user_id] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let response = admin.delete(&path).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    expect_error(admin.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    expect_error(
        admin.delete(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        json_with(admin.get("/api/lists").await, StatusCode::OK).await,
        json!([])
    );
    let assignments: i64 = server
        .sql()
        .query_row("SELECT count(*) FROM list_assignments", [], |r| r.get(0))
        .unwrap();
    assert_eq!(assignments, 0);

    // A deleted list's id is never given out again: old `list=` links must not change
    // meaning.
    let next = create(&admin, "Next", &canonical).await;
    assert!(next["id"].as_i64() > id.as_i64(), "{next} after {id}");

    let actions = audit_actions(&server);
    let names: Vec<&str> = actions.iter().map(|(action, _)| action.as_str()).collect();
    assert_eq!(
        names,
        [
            "list.create",
            "list.rename",
            "list.share",
            "list.redefine",
            "list.assign",
            "list.delete",
            "list.create"
        ]
    );
    assert_eq!(actions[2].1, json!({ "list": id, "shared": true }));
    assert_eq!(
        actions[4].1,
        json!({ "list": id, "users": [builder.user_id] })
    );
    for (_, detail) in &actions {
        let text = detail.to_string();
        assert!(
            !text.contains("Renamed") && !text.contains('@'),
            "ids only: {text}"
        );
    }
}

#[tokio::test]
async fn snapshots_are_what_the_engine_computes_on_the_downloaded_dataset() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let (data, _) = dataset(&builder).await;
    let (industry, _) = common_industries(&data);
    let segment = data.facet_values(Facet::Segment)[0].0.to_owned();

    let base = format!("v=1&seg={segment}&industry=any:{industry}");
    let list = create(&builder, "Base", &base).await;
    let base_ids = snapshot_ids(&builder, &list["id"]).await;
    assert_eq!(base_ids, engine_ids(&data, &base, &SavedLists::default()));
    assert!(base_ids.len() > 1);

    // A list built on the first one: the server uses the first list's snapshot.
    let mut saved = SavedLists::default();
    saved.insert(
        &data,
        list["id"].as_u64().unwrap(),
        base_ids.iter().copied(),
    );
    for mode in ["in", "not"] {
        let definition = format!("v=1&seg={segment}&list={mode}:{}&sort=size", list["id"]);
        let derived = create(&builder, mode, &definition).await;
        let ids = snapshot_ids(&builder, &derived["id"]).await;
        assert_eq!(ids, engine_ids(&data, &definition, &saved), "{definition}");
        assert_eq!(derived["snapshot"]["accounts"], ids.len());
    }

    // The snapshot is frozen: a vault change reaches it only when it is taken again.
    let outsider = (0..u32::try_from(data.len()).unwrap())
        .map(|row| data.id_of(row))
        .find(|id| !base_ids.contains(id))
        .expect("an account outside the list");
    {
        let conn = server.sql();
        conn.execute(
            "UPDATE accounts SET industry = (SELECT industry FROM accounts WHERE id = ?1)
             WHERE id = ?2",
            [base_ids[0], outsider],
        )
        .unwrap();
        conn.execute(
            "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
             WHERE key = 'vault_version'",
            [],
        )
        .unwrap();
    }
    assert_eq!(snapshot_ids(&builder, &list["id"]).await, base_ids);
    let (changed, _) = dataset(&builder).await;
    let retaken = json_with(
        builder
            .post(&format!("/api/lists/{}/snapshot", list["id"]), &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let fresh = snapshot_ids(&builder, &list["id"]).await;
    assert_eq!(fresh, engine_ids(&changed, &base, &SavedLists::default()));
    assert!(fresh.contains(&outsider));
    assert_eq!(retaken["snapshot"]["accounts"], fresh.len());
}

#[tokio::test]
async fn invalid_definitions_and_names_are_refused_and_nothing_is_stored() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let globex = server.sign_in_as(Tenant::Globex, Role::Administrator).await;
    let (data, _) = dataset(&admin).await;
    let (industry, _) = common_industries(&data);
    let foreign = create(&globex, "Globex list", "v=1").await;
    let before = count_lists(&server);

    for (definition, parameter) in [
        ("v=2&industry=any:software".to_owned(), "`v`"),
        ("industry=any:software".to_owned(), "`v`"),
        ("v=1&colour=red".to_owned(), "`colour`"),
        ("v=1&industry=some:software".to_owned(), "`industry`"),
        ("v=1&industry=any:no-such-industry".to_owned(), "`industry`"),
        ("v=1&seg=no-such-segment".to_owned(), "`seg`"),
        ("v=1&list=in:999999".to_owned(), "`list`"),
        (format!("v=1&list=not:{}", foreign["id"]), "`list`"),
        (String::new(), "`v`"),
    ] {
        let response = admin
            .post(
                "/api/lists",
                &json!({ "name": "Bad", "definition": definition }),
            )
            .await;
        let body = json_with(response, StatusCode::BAD_REQUEST).await;
        assert_eq!(
            body["error"]["code"], "invalid_list_url",
            "{definition}: {body}"
        );
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(parameter), "{definition}: {message}");
    }
    for name in ["", "   ", &"x".repeat(101)] {
        expect_error(
            admin
                .post("/api/lists", &json!({ "name": name, "definition": "v=1" }))
                .await,
            StatusCode::BAD_REQUEST,
            "invalid_name",
        )
        .await;
    }
    expect_error(
        admin
            .post(
                "/api/lists",
                &json!({ "name": "x", "definition": "v=1", "ids": [1] }),
            )
            .await,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    assert_eq!(count_lists(&server), before);

    // A change with a bad definition (or one naming the list itself) changes nothing.
    let definition = format!("v=1&industry=any:{industry}");
    let list = create(&admin, "Good", &definition).await;
    let path = format!("/api/lists/{}", list["id"]);
    for bad in [
        "v=1&industry=any:no-such-industry".to_owned(),
        format!("v=1&list=in:{}", list["id"]),
    ] {
        expect_error(
            admin
                .send_json(
                    Method::PATCH,
                    &path,
                    &json!({ "name": "Changed", "definition": bad }),
                )
                .await,
            StatusCode::BAD_REQUEST,
            "invalid_list_url",
        )
        .await;
    }
    expect_error(
        admin
            .send_json(Method::PATCH, &path, &json!({ "name": "", "shared": true }))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_name",
    )
    .await;
    assert_eq!(
        json_with(admin.get(&path).await, StatusCode::OK).await,
        list
    );
}

#[tokio::test]
async fn read_only_users_see_only_assigned_or_shared_lists_and_change_nothing() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let reader = server.sign_in(Role::ReadOnly).await;
    let assigned = create(&admin, "Assigned", "v=1").await;
    let shared = create(&admin, "Shared", "v=1&sort=name").await;
    let private = create(&admin, "Private", "v=1&sort=size").await;
    json_with(
        admin
            .send_json(
                Method::PUT,
                &format!("/api/lists/{}/assignees", assigned["id"]),
                &json!({ "user_ids": [reader.user_id] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    json_with(
        admin
            .send_json(
                Method::PATCH,
                &format!("/api/lists/{}", shared["id"]),
                &json!({ "shared": true }),
            )
            .await,
        StatusCode::OK,
    )
    .await;

    let seen = json_with(reader.get("/api/lists").await, StatusCode::OK).await;
    assert_eq!(
        ids_of(&seen),
        [
            assigned["id"].as_i64().unwrap(),
            shared["id"].as_i64().unwrap()
        ]
    );
    for list in [&assigned, &shared] {
        let one = json_with(
            reader.get(&format!("/api/lists/{}", list["id"])).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(one["id"], list["id"]);
        assert_eq!(
            snapshot_ids(&reader, &list["id"]).await,
            snapshot_ids(&admin, &list["id"]).await
        );
    }
    for path in [
        format!("/api/lists/{}", private["id"]),
        format!("/api/lists/{}/accounts", private["id"]),
    ] {
        expect_error(reader.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
    }

    // Every change is refused, on visible and invisible lists alike.
    let audit_before = audit_actions(&server).len();
    for list in [&assigned, &shared, &private] {
        let id = &list["id"];
        for (method, path, body) in [
            (
                Method::PATCH,
                format!("/api/lists/{id}"),
                json!({ "name": "Mine" }),
            ),
            (Method::DELETE, format!("/api/lists/{id}"), json!({})),
            (Method::POST, format!("/api/lists/{id}/snapshot"), json!({})),
            (
                Method::PUT,
                format!("/api/lists/{id}/assignees"),
                json!({ "user_ids": [reader.user_id] }),
            ),
        ] {
            expect_error(
                reader.send_json(method, &path, &body).await,
                StatusCode::FORBIDDEN,
                "forbidden",
            )
            .await;
        }
    }
    expect_error(
        reader
            .post(
                "/api/lists",
                &json!({ "name": "Mine", "definition": "v=1" }),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(count_lists(&server), 3);
    assert_eq!(audit_actions(&server).len(), audit_before);
    for list in [&assigned, &shared, &private] {
        let now = json_with(
            admin.get(&format!("/api/lists/{}", list["id"])).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(now["name"], list["name"]);
    }

    // Unassigned and unshared, the lists disappear from the reader's view.
    json_with(
        admin
            .send_json(
                Method::PUT,
                &format!("/api/lists/{}/assignees", assigned["id"]),
                &json!({ "user_ids": [] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    json_with(
        admin
            .send_json(
                Method::PATCH,
                &format!("/api/lists/{}", shared["id"]),
                &json!({ "shared": false }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        json_with(reader.get("/api/lists").await, StatusCode::OK).await,
        json!([])
    );
    expect_error(
        reader
            .get(&format!("/api/lists/{}/accounts", assigned["id"]))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn list_builders_build_share_assign_and_delete() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let admin = server.sign_in(Role::Administrator).await;
    let reader = server.sign_in(Role::ReadOnly).await;
    let own = create(&builder, "Builder's", "v=1&sort=name").await;
    let admins = create(&admin, "Admin's", "v=1").await;

    // List Builders see and change every list of the tenant, not only their own.
    let seen = json_with(builder.get("/api/lists").await, StatusCode::OK).await;
    assert_eq!(seen.as_array().unwrap().len(), 2);
    for list in [&own, &admins] {
        let id = &list["id"];
        let changed = json_with(
            builder
                .send_json(
                    Method::PATCH,
                    &format!("/api/lists/{id}"),
                    &json!({ "shared": true, "name": "Team list" }),
                )
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(changed["shared"], true);
        let assigned = json_with(
            builder
                .send_json(
                    Method::PUT,
                    &format!("/api/lists/{id}/assignees"),
                    &json!({ "user_ids": [reader.user_id, admin.user_id, reader.user_id] }),
                )
                .await,
            StatusCode::OK,
        )
        .await;
        let mut expected = vec![reader.user_id, admin.user_id];
        expected.sort_unstable();
        assert_eq!(assigned["assigned_to"], json!(expected));
        json_with(
            builder
                .post(&format!("/api/lists/{id}/snapshot"), &json!({}))
                .await,
            StatusCode::OK,
        )
        .await;
    }
    let response = builder
        .delete(&format!("/api/lists/{}", admins["id"]))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        ids_of(&json_with(admin.get("/api/lists").await, StatusCode::OK).await),
        [own["id"].as_i64().unwrap()]
    );
}

#[tokio::test]
async fn other_tenants_lists_do_not_exist() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let list = create(&admin, "Acme secret", "v=1").await;
    json_with(
        admin
            .send_json(
                Method::PATCH,
                &format!("/api/lists/{}", list["id"]),
                &json!({ "shared": true }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let id = &list["id"];

    for role in Role::ALL {
        let globex = server.sign_in_as(Tenant::Globex, role).await;
        assert_eq!(
            json_with(globex.get("/api/lists").await, StatusCode::OK).await,
            json!([]),
            "{role}"
        );
        for path in [
            format!("/api/lists/{id}"),
            format!("/api/lists/{id}/accounts"),
        ] {
            expect_error(globex.get(&path).await, StatusCode::NOT_FOUND, "not_found").await;
        }
        if role == Role::ReadOnly {
            continue;
        }
        for (method, path, body) in [
            (
                Method::PATCH,
                format!("/api/lists/{id}"),
                json!({ "name": "Mine" }),
            ),
            (
                Method::PATCH,
                format!("/api/lists/{id}"),
                json!({ "definition": "v=1&sort=name" }),
            ),
            (Method::DELETE, format!("/api/lists/{id}"), json!({})),
            (Method::POST, format!("/api/lists/{id}/snapshot"), json!({})),
            (
                Method::PUT,
                format!("/api/lists/{id}/assignees"),
                json!({ "user_ids": [globex.user_id] }),
            ),
        ] {
            expect_error(
                globex.send_json(method.clone(), &path, &body).await,
                StatusCode::NOT_FOUND,
                "not_found",
            )
            .await;
        }
        // Nor can a Globex definition use the Acme list.
        let body = json_with(
            globex
                .post(
                    "/api/lists",
                    &json!({ "name": "x", "definition": format!("v=1&list=in:{id}") }),
                )
                .await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(body["error"]["code"], "invalid_list_url");
    }
    let after = json_with(admin.get(&format!("/api/lists/{id}")).await, StatusCode::OK).await;
    assert_eq!(after["name"], "Acme secret");
    assert_eq!(after["assigned_to"], json!([]));
    assert_eq!(count_lists(&server), 1);
}

#[tokio::test]
async fn lists_are_assigned_only_to_users_of_the_tenant() {
    let server = TestServer::start().await;
    let admin = server.sign_in(Role::Administrator).await;
    let reader = server.sign_in(Role::ReadOnly).await;
    let outsider = server.sign_in_as(Tenant::Globex, Role::ReadOnly).await;
    let list = create(&admin, "Assigned", "v=1").await;
    let path = format!("/api/lists/{}/assignees", list["id"]);
    json_with(
        admin
            .send_json(Method::PUT, &path, &json!({ "user_ids": [reader.user_id] }))
            .await,
        StatusCode::OK,
    )
    .await;

    for user_ids in [
        json!([outsider.user_id]),
        json!([admin.user_id, outsider.user_id]),
        json!([999_999]),
    ] {
        let body = json_with(
            admin
                .send_json(Method::PUT, &path, &json!({ "user_ids": user_ids }))
                .await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert_eq!(body["error"]["code"], "unknown_user", "{body}");
        let now = json_with(
            admin.get(&format!("/api/lists/{}", list["id"])).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            now["assigned_to"],
            json!([reader.user_id]),
            "nothing changed"
        );
    }
    let seen = json_with(outsider.get("/api/lists").await, StatusCode::OK).await;
    assert_eq!(seen, json!([]));
    expect_error(
        admin
            .send_json(Method::PUT, &path, &json!({ "users": [reader.user_id] }))
            .await,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
}

#[tokio::test]
async fn a_list_another_list_filters_by_is_not_deleted_and_lists_name_their_people() {
    let server = TestServer::start().await;
    let builder = server.sign_in(Role::ListBuilder).await;
    let reader = server.sign_in(Role::ReadOnly).await;
    let base = create(&builder, "Base", "v=1").await;
    let id = base["id"].as_i64().unwrap();
    assert_eq!(base["owner_name"], "Acme list-builder");
    create(&builder, "Narrower", &format!("v=1&list=not:{id}")).await;
    json_with(
        builder
            .post(
                "/api/searches",
                &json!({ "name": "Watch", "definition": format!("v=1&list=in:{id}") }),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let refused = json_with(
        builder.delete(&format!("/api/lists/{id}")).await,
        StatusCode::CONFLICT,
    )
    .await;
    let message = refused["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("the list “Narrower”") && message.contains("the saved search “Watch”"),
        "{message}"
    );
    assert_eq!(
        builder.get(&format!("/api/lists/{id}")).await.status(),
        StatusCode::OK
    );

    let assigned = json_with(
        builder
            .send_json(
                Method::PUT,
                &format!("/api/lists/{id}/assignees"),
                &json!({ "user_ids": [reader.user_id] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(assigned["assigned_names"], json!(["Acme read-only"]));
    let lists = json_with(builder.get("/api/lists").await, StatusCode::OK).await;
    let base = lists
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
        .unwrap();
    assert_eq!(
        (base["owner_name"].as_str(), &base["assigned_names"]),
        (Some("Acme list-builder"), &json!(["Acme read-only"]))
    );
}
