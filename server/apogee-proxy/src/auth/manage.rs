//! Managing users and ACLs (the access API): each change is written to the store first, then
//! takes effect at once.

use apogee_store::{AclEntryRecord, AclRecord, StoreError, UserRecord};

use super::acl::{Action, Decision, Entry, IpRange, ResourcePattern};
use super::{Auth, User};

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0} does not exist")]
    NotFound(String),
    #[error("{0} already exists")]
    AlreadyExists(String),
    #[error("storage failure: {0}")]
    Store(#[from] StoreError),
}

/// A user as the access API shows it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserView {
    pub name: String,
    pub super_user: bool,
    pub enabled: bool,
}

/// Parses a stored (or requested) ACL into entries; the first bad part as the reason.
pub(crate) fn entries_from_record(record: &AclRecord) -> Result<Vec<Entry>, String> {
    record.entries.iter().map(entry_from_record).collect()
}

fn entry_from_record(e: &AclEntryRecord) -> Result<Entry, String> {
    let resource = ResourcePattern::parse(&e.resource)?;
    if e.actions.is_empty() {
        return Err(format!("the entry for {resource} names no action"));
    }
    let actions = e
        .actions
        .iter()
        .map(|a| {
            Action::parse(a).ok_or_else(|| {
                format!(
                    "action {a:?} is not one of Pub, Sub, Create, Update, Delete, Get, List, All"
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let decision = match e.decision.to_ascii_lowercase().as_str() {
        "allow" => Decision::Allow,
        "deny" => Decision::Deny,
        other => return Err(format!("decision {other:?} is not Allow or Deny")),
    };
    let source_ips = e
        .source_ips
        .iter()
        .map(|s| IpRange::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Entry {
        resource,
        actions,
        decision,
        source_ips,
    })
}

/// An entry in its canonical stored form.
fn record_of(e: &Entry) -> AclEntryRecord {
    AclEntryRecord {
        resource: e.resource.to_string(),
        actions: e.actions.iter().map(|a| a.as_str().to_owned()).collect(),
        decision: match e.decision {
            Decision::Allow => "Allow".into(),
            Decision::Deny => "Deny".into(),
        },
        source_ips: e.source_ips.iter().map(|r| r.as_str().to_owned()).collect(),
    }
}

fn check_name(name: &str) -> Result<(), ManageError> {
    if name.is_empty() || name.len() > 128 || name.chars().any(|c| c.is_control() || c == ' ') {
        return Err(ManageError::Invalid(format!(
            "user name {} must be 1 to 128 characters without spaces",
            apogee_types::quote(name)
        )));
    }
    Ok(())
}

impl Auth {
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&apogee_store::Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, ManageError> {
        let store = self.store.clone().ok_or_else(|| {
            ManageError::Invalid("users and ACLs are kept by brokers, not by this proxy".into())
        })?;
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|_| ManageError::Store(StoreError::Closed))?
            .map_err(ManageError::from)
    }

    pub async fn create_user(
        &self,
        name: &str,
        secret: &str,
        super_user: bool,
    ) -> Result<UserView, ManageError> {
        check_name(name)?;
        if secret.is_empty() {
            return Err(ManageError::Invalid("a user needs a secret".into()));
        }
        let _changing = self.changing.lock().await;
        if self.users.read().contains_key(name) {
            return Err(ManageError::AlreadyExists(format!("user {name}")));
        }
        let record = UserRecord {
            name: name.to_owned(),
            secret: secret.to_owned(),
            super_user,
            enabled: true,
        };
        self.put_user_record(record).await
    }

    pub async fn update_user(
        &self,
        name: &str,
        secret: Option<&str>,
        super_user: Option<bool>,
        enabled: Option<bool>,
    ) -> Result<UserView, ManageError> {
        let _changing = self.changing.lock().await;
        let old = self
            .users
            .read()
            .get(name)
            .cloned()
            .ok_or_else(|| ManageError::NotFound(format!("user {name}")))?;
        if secret == Some("") {
            return Err(ManageError::Invalid("a user needs a secret".into()));
        }
        let record = UserRecord {
            name: name.to_owned(),
            secret: secret.map_or(old.secret, str::to_owned),
            super_user: super_user.unwrap_or(old.super_user),
            enabled: enabled.unwrap_or(old.enabled),
        };
        self.put_user_record(record).await
    }

    async fn put_user_record(&self, record: UserRecord) -> Result<UserView, ManageError> {
        let stored = record.clone();
        self.write(move |s| s.put_user(&stored)).await?;
        let view = UserView {
            name: record.name.clone(),
            super_user: record.super_user,
            enabled: record.enabled,
        };
        self.users.write().insert(
            record.name,
            User {
                secret: record.secret,
                super_user: record.super_user,
                enabled: record.enabled,
            },
        );
        Ok(view)
    }

    /// Deletes a user and its ACL.
    pub async fn delete_user(&self, name: &str) -> Result<(), ManageError> {
        let _changing = self.changing.lock().await;
        if !self.users.read().contains_key(name) {
            return Err(ManageError::NotFound(format!("user {name}")));
        }
        let owned = name.to_owned();
        self.write(move |s| s.delete_user(&owned)).await?;
        self.users.write().remove(name);
        self.acls.write().remove(name);
        Ok(())
    }

    pub fn get_user(&self, name: &str) -> Option<UserView> {
        self.users.read().get(name).map(|u| UserView {
            name: name.to_owned(),
            super_user: u.super_user,
            enabled: u.enabled,
        })
    }

    pub fn list_users(&self) -> Vec<UserView> {
        let mut out: Vec<_> = self
            .users
            .read()
            .iter()
            .map(|(name, u)| UserView {
                name: name.clone(),
                super_user: u.super_user,
                enabled: u.enabled,
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Adds entries to a user's ACL; an entry for a resource already there replaces it.
    pub async fn put_acl(
        &self,
        user: &str,
        entries: &[AclEntryRecord],
    ) -> Result<Vec<AclEntryRecord>, ManageError> {
        if entries.is_empty() {
            return Err(ManageError::Invalid("give at least one ACL entry".into()));
        }
        let new: Vec<Entry> = entries
            .iter()
            .map(entry_from_record)
            .collect::<Result<_, _>>()
            .map_err(ManageError::Invalid)?;
        let _changing = self.changing.lock().await;
        if !self.users.read().contains_key(user) {
            return Err(ManageError::NotFound(format!("user {user}")));
        }
        let mut merged = self.acls.read().get(user).cloned().unwrap_or_default();
        for e in new {
            match merged.iter_mut().find(|m| m.resource == e.resource) {
                Some(m) => *m = e,
                None => merged.push(e),
            }
        }
        self.store_acl(user, merged).await
    }

    /// Removes one resource's entry from a user's ACL, or (`None`) the whole ACL.
    pub async fn delete_acl(&self, user: &str, resource: Option<&str>) -> Result<(), ManageError> {
        let _changing = self.changing.lock().await;
        let Some(mut entries) = self.acls.read().get(user).cloned() else {
            return Err(ManageError::NotFound(format!("an ACL of user {user}")));
        };
        match resource {
            None => entries.clear(),
            Some(r) => {
                let pattern = ResourcePattern::parse(r).map_err(ManageError::Invalid)?;
                let before = entries.len();
                entries.retain(|e| e.resource != pattern);
                if entries.len() == before {
                    return Err(ManageError::NotFound(format!(
                        "an entry for {pattern} in the ACL of user {user}"
                    )));
                }
            }
        }
        self.store_acl(user, entries).await.map(drop)
    }

    async fn store_acl(
        &self,
        user: &str,
        entries: Vec<Entry>,
    ) -> Result<Vec<AclEntryRecord>, ManageError> {
        let record = AclRecord {
            user: user.to_owned(),
            entries: entries.iter().map(record_of).collect(),
        };
        let shown = record.entries.clone();
        self.write(move |s| s.put_acl(&record)).await?;
        if entries.is_empty() {
            self.acls.write().remove(user);
        } else {
            self.acls.write().insert(user.to_owned(), entries);
        }
        Ok(shown)
    }

    pub fn get_acl(&self, user: &str) -> Option<Vec<AclEntryRecord>> {
        self.acls
            .read()
            .get(user)
            .map(|e| e.iter().map(record_of).collect())
    }

    pub fn list_acls(&self) -> Vec<(String, Vec<AclEntryRecord>)> {
        let mut out: Vec<_> = self
            .acls
            .read()
            .iter()
            .map(|(u, e)| (u.clone(), e.iter().map(record_of).collect()))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}
