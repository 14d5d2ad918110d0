//! `apogee.admin.v1.Access`: users and ACLs. Only a super user may call it (or anyone while
//! authentication is off, so an operator can prepare users before turning it on).

use std::sync::Arc;

use apogee_proto::admin::v1 as pb;
use apogee_store::AclEntryRecord;
use pb::access_server::Access;
use tonic::{Request, Response, Status};

use crate::auth::Auth;
use crate::auth::manage::{ManageError, UserView};

#[derive(Debug, Clone)]
pub struct AccessService {
    auth: Arc<Auth>,
}

impl AccessService {
    pub fn new(auth: Arc<Auth>) -> Self {
        Self { auth }
    }

    fn allow<T>(&self, r: &Request<T>) -> Result<(), Status> {
        let caller = self.auth.identify(r.metadata(), r.remote_addr());
        self.auth
            .require_super(&caller)
            .map_err(|e| crate::status::auth_status(&e))
    }
}

fn status(e: ManageError) -> Status {
    match e {
        ManageError::Invalid(m) => Status::invalid_argument(m),
        ManageError::NotFound(_) => Status::not_found(e.to_string()),
        ManageError::AlreadyExists(_) => Status::already_exists(e.to_string()),
        ManageError::Store(s) => {
            tracing::error!(error = %s, "Storing a user or ACL failed.");
            Status::internal(format!("storing the change failed: {s}"))
        }
    }
}

fn user_info(u: UserView) -> pb::UserInfo {
    pb::UserInfo {
        name: u.name,
        r#type: if u.super_user {
            pb::UserType::Super
        } else {
            pb::UserType::Normal
        } as i32,
        enabled: u.enabled,
    }
}

fn super_user(t: i32) -> Result<Option<bool>, Status> {
    match pb::UserType::try_from(t) {
        Ok(pb::UserType::Unspecified) => Ok(None),
        Ok(pb::UserType::Super) => Ok(Some(true)),
        Ok(pb::UserType::Normal) => Ok(Some(false)),
        Err(_) => Err(Status::invalid_argument(format!("unknown user type {t}"))),
    }
}

fn entry_record(e: pb::AclEntry) -> AclEntryRecord {
    AclEntryRecord {
        resource: e.resource,
        actions: e.actions,
        decision: e.decision,
        source_ips: e.source_ips,
    }
}

fn entry_pb(e: AclEntryRecord) -> pb::AclEntry {
    pb::AclEntry {
        resource: e.resource,
        actions: e.actions,
        decision: e.decision,
        source_ips: e.source_ips,
    }
}

fn acl_pb(user: String, entries: Vec<AclEntryRecord>) -> pb::Acl {
    pb::Acl {
        user,
        entries: entries.into_iter().map(entry_pb).collect(),
    }
}

#[tonic::async_trait]
impl Access for AccessService {
    async fn create_user(
        &self,
        r: Request<pb::CreateUserRequest>,
    ) -> Result<Response<pb::UserResponse>, Status> {
        self.allow(&r)?;
        let q = r.into_inner();
        let is_super = super_user(q.r#type)?.unwrap_or(false);
        let user = self
            .auth
            .create_user(&q.name, &q.secret, is_super)
            .await
            .map_err(status)?;
        Ok(Response::new(pb::UserResponse {
            user: Some(user_info(user)),
        }))
    }

    async fn update_user(
        &self,
        r: Request<pb::UpdateUserRequest>,
    ) -> Result<Response<pb::UserResponse>, Status> {
        self.allow(&r)?;
        let q = r.into_inner();
        let user = self
            .auth
            .update_user(
                &q.name,
                q.secret.as_deref(),
                super_user(q.r#type)?,
                q.enabled,
            )
            .await
            .map_err(status)?;
        Ok(Response::new(pb::UserResponse {
            user: Some(user_info(user)),
        }))
    }

    async fn delete_user(
        &self,
        r: Request<pb::DeleteUserRequest>,
    ) -> Result<Response<pb::DeleteUserResponse>, Status> {
        self.allow(&r)?;
        self.auth
            .delete_user(&r.into_inner().name)
            .await
            .map_err(status)?;
        Ok(Response::new(pb::DeleteUserResponse {}))
    }

    async fn get_user(
        &self,
        r: Request<pb::GetUserRequest>,
    ) -> Result<Response<pb::UserResponse>, Status> {
        self.allow(&r)?;
        let name = r.into_inner().name;
        let user = self
            .auth
            .get_user(&name)
            .ok_or_else(|| Status::not_found(format!("user {name} does not exist")))?;
        Ok(Response::new(pb::UserResponse {
            user: Some(user_info(user)),
        }))
    }

    async fn list_users(
        &self,
        r: Request<pb::ListUsersRequest>,
    ) -> Result<Response<pb::ListUsersResponse>, Status> {
        self.allow(&r)?;
        let users = self.auth.list_users().into_iter().map(user_info).collect();
        Ok(Response::new(pb::ListUsersResponse { users }))
    }

    async fn put_acl(
        &self,
        r: Request<pb::PutAclRequest>,
    ) -> Result<Response<pb::AclResponse>, Status> {
        self.allow(&r)?;
        let q = r.into_inner();
        let entries: Vec<_> = q.entries.into_iter().map(entry_record).collect();
        let stored = self.auth.put_acl(&q.user, &entries).await.map_err(status)?;
        Ok(Response::new(pb::AclResponse {
            acl: Some(acl_pb(q.user, stored)),
        }))
    }

    async fn delete_acl(
        &self,
        r: Request<pb::DeleteAclRequest>,
    ) -> Result<Response<pb::DeleteAclResponse>, Status> {
        self.allow(&r)?;
        let q = r.into_inner();
        let resource = (!q.resource.is_empty()).then_some(q.resource.as_str());
        self.auth
            .delete_acl(&q.user, resource)
            .await
            .map_err(status)?;
        Ok(Response::new(pb::DeleteAclResponse {}))
    }

    async fn get_acl(
        &self,
        r: Request<pb::GetAclRequest>,
    ) -> Result<Response<pb::AclResponse>, Status> {
        self.allow(&r)?;
        let user = r.into_inner().user;
        let entries = self
            .auth
            .get_acl(&user)
            .ok_or_else(|| Status::not_found(format!("user {user} has no ACL")))?;
        Ok(Response::new(pb::AclResponse {
            acl: Some(acl_pb(user, entries)),
        }))
    }

    async fn list_acls(
        &self,
        r: Request<pb::ListAclsRequest>,
    ) -> Result<Response<pb::ListAclsResponse>, Status> {
        self.allow(&r)?;
        let acls = self
            .auth
            .list_acls()
            .into_iter()
            .map(|(u, e)| acl_pb(u, e))
            .collect();
        Ok(Response::new(pb::ListAclsResponse { acls }))
    }
}
