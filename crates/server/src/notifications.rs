//! What a user is told about, in the app's notification menu and in the daily digest
//! email: lists assigned to them, and their saved searches (with alerts on) that match
//! accounts their baseline did not. Names of lists, searches and colleagues, and counts of
//! accounts: never a contact.
//!
//! The digest goes out when the deployment configures SMTP (`serve --smtp-url`), once a
//! day, to each active user with something new since their last digest; `clearlist
//! digest` sends it now.

use std::time::Duration;

use anyhow::Context as _;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use serde::Serialize;

use crate::list_runner::fresh_matches;
use crate::roles::{self, Permission};
use crate::store::users::User;
use crate::{AppError, AppState};

/// One thing to tell a user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Notification {
    /// `assignment` or `search`.
    pub(crate) kind: &'static str,
    /// What happened, in a sentence.
    pub(crate) text: String,
    /// Where to look, a path of the app.
    pub(crate) link: String,
    /// Unix seconds, for an assignment.
    pub(crate) at: Option<i64>,
}

/// The user's notifications: assignments made after `since`, then searches with new
/// matching accounts.
///
/// # Errors
/// An [`AppError`] from the store or the dataset.
pub(crate) async fn gather(
    state: &AppState,
    user: &User,
    since: i64,
) -> Result<Vec<Notification>, AppError> {
    let tenant = user.tenant_id;
    let mut items: Vec<Notification> = state
        .store
        .assignments_since(tenant, user.id, since)
        .await?
        .into_iter()
        .map(|a| Notification {
            kind: "assignment",
            text: format!("{} assigned you the list “{}”", a.by, a.list_name),
            link: "/lists".to_owned(),
            at: Some(a.at),
        })
        .collect();
    if roles::may(user.role, Permission::BuildLists) {
        for search in state.store.searches(tenant, user.id).await? {
            if !search.alerts {
                continue;
            }
            let baseline = state
                .store
                .search_baseline(tenant, user.id, search.id)
                .await?;
            let Some((_, fresh)) = fresh_matches(state, tenant, &baseline).await? else {
                continue;
            };
            if fresh.is_empty() {
                continue;
            }
            let accounts = if fresh.len() == 1 {
                "account".to_owned()
            } else {
                "accounts".to_owned()
            };
            items.push(Notification {
                kind: "search",
                text: format!(
                    "{} new {accounts} match your search “{}”",
                    fresh.len(),
                    search.name
                ),
                link: "/lists".to_owned(),
                at: None,
            });
        }
    }
    Ok(items)
}

/// Where digests go out from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The app's address, for links (`https://clearlist.example.com`).
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer sending through `smtp_url` (`smtp://host:port`, `smtps://user:pass@host`,
    /// or `smtp://host:587?tls=required`) as `from`, linking to `public_url`.
    ///
    /// # Errors
    /// A malformed URL or sender.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> anyhow::Result<Self> {
        Ok(Self {
            transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
                .context("the SMTP URL")?
                .timeout(Some(Duration::from_secs(30)))
                .build(),
            from: from.parse().context("the sender address")?,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }
}

/// A user may get one digest per this many seconds (a day, less some slack for the
/// schedule).
const DIGEST_EVERY_SECS: i64 = 20 * 60 * 60;

/// Sends the digest to every active user of every organisation with something new since
/// their last one; returns how many went out. A failure for one user is logged and the
/// others still get theirs.
///
/// # Errors
/// When the users cannot be read.
pub async fn send_digests(state: &AppState, mailer: &Mailer) -> anyhow::Result<usize> {
    let mut sent = 0;
    for tenant in state.store.tenant_ids().await? {
        for user in state.store.users(tenant).await? {
            if user.disabled {
                continue;
            }
            match digest_for(state, mailer, &user).await {
                Ok(true) => sent += 1,
                Ok(false) => {}
                Err(err) => tracing::error!(user = user.id, error = %err, "sending a digest"),
            }
        }
    }
    Ok(sent)
}

/// Sends one user's digest if it is due and has something to say.
async fn digest_for(state: &AppState, mailer: &Mailer, user: &User) -> anyhow::Result<bool> {
    let (_, last) = state.store.notification_marks(user.id).await?;
    if crate::store::now() - last < DIGEST_EVERY_SECS {
        return Ok(false);
    }
    let items = gather(state, user, last)
        .await
        .map_err(|err| anyhow::anyhow!("{err}"))?;
    if items.is_empty() {
        return Ok(false);
    }
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(Mailbox::new(Some(user.name.clone()), user.email.parse()?))
        .subject(match items.len() {
            1 => "Clearlist: 1 update".to_owned(),
            n => format!("Clearlist: {n} updates"),
        })
        .body(digest_text(&user.name, &items, &mailer.public_url))?;
    mailer.transport.send(message).await?;
    state.store.mark_digest_sent(user.id).await?;
    Ok(true)
}

/// The digest's plain text.
fn digest_text(name: &str, items: &[Notification], public_url: &str) -> String {
    let mut text = format!("Hello {name},\n\nSince your last digest:\n\n");
    for item in items {
        text.push_str(&format!("- {}\n  {public_url}{}\n", item.text, item.link));
    }
    text.push_str("\nYou get this email once a day when there is something new.\n");
    text
}

/// Sends the digests every day at 07:00 UTC, for as long as the server runs.
pub async fn daily(state: AppState, mailer: Mailer) {
    loop {
        let now = crate::store::now();
        let today = now.div_euclid(86_400) * 86_400 + 7 * 3_600;
        let next = if today > now { today } else { today + 86_400 };
        tokio::time::sleep(Duration::from_secs((next - now).unsigned_abs())).await;
        match send_digests(&state, &mailer).await {
            Ok(sent) => tracing::info!(sent, "daily digests sent"),
            Err(err) => tracing::error!(error = %err, "daily digests"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_lists_each_update_with_its_link() {
        let items = [Notification {
            kind: "assignment",
            text: "Ada assigned you the list “Fintech”".to_owned(),
            link: "/lists".to_owned(),
            at: Some(1),
        }];
        let text = digest_text("Bo", &items, "https://cl.example");
        assert!(text.starts_with("Hello Bo,"));
        assert!(
            text.contains("- Ada assigned you the list “Fintech”\n  https://cl.example/lists\n")
        );
    }
}
