//! A status shown as an icon and a word (never colour alone), with the stable `data-status`
//! token that tests and hosts read.

use yew::prelude::*;

use bulkwatch_core::model::{JobStatus, ResourceStatus};

/// Props of [`StatusBadge`].
#[derive(Properties, PartialEq, Clone)]
pub struct StatusBadgeProps {
    /// `added | in_progress | completed | skipped | failed | unknown`.
    pub token: AttrValue,
    /// What people read ("In progress", or an unknown status's raw text).
    pub label: AttrValue,
    /// The status's own icon (decorative).
    pub icon: AttrValue,
    /// `job-status` or `resource-status`.
    pub testid: AttrValue,
}

impl StatusBadgeProps {
    /// The badge of a job.
    pub fn job(status: &JobStatus) -> StatusBadgeProps {
        StatusBadgeProps {
            token: status.token().into(),
            label: status.label().into(),
            icon: status.icon().into(),
            testid: "job-status".into(),
        }
    }

    /// The badge of a resource.
    pub fn resource(status: &ResourceStatus) -> StatusBadgeProps {
        StatusBadgeProps {
            token: status.token().into(),
            label: status.label().into(),
            icon: status.icon().into(),
            testid: "resource-status".into(),
        }
    }
}

/// A status badge: `<span data-testid=… data-status=…>` with an icon and a label.
#[function_component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    let class = classes!("bw-badge", format!("bw-badge--{}", props.token));
    html! {
        <span {class} data-testid={props.testid.clone()} data-status={props.token.clone()}>
            <span class="bw-badge__icon" aria-hidden="true">{ props.icon.clone() }</span>
            <span class="bw-badge__label">{ props.label.clone() }</span>
        </span>
    }
}
