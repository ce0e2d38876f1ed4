//! The wizard's shape: closure steps grouped under verbs, GOV.UK task-list style. The app and
//! the report both read it, so the order the seller sees is the order the report prints.

use serde::Serialize;

use crate::model::{Profile, Scope};
use crate::rules::{Evaluation, Status, CLOSURE_APPLICATION};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    CannotStart,
    NotStarted,
    InProgress,
    Done,
}

pub struct TaskDef {
    /// Stable id; for a task that is one attested rule, the rule's id.
    pub id: &'static str,
    pub scope: Scope,
    /// The checklist rules this task settles.
    pub rules: &'static [&'static str],
}

pub struct GroupDef {
    pub id: &'static str,
    pub tasks: &'static [TaskDef],
}

const fn task(id: &'static str, rules: &'static [&'static str]) -> TaskDef {
    TaskDef { id, scope: Scope::All, rules }
}

pub const GROUPS: &[GroupDef] = &[
    GroupDef {
        id: "get-data",
        tasks: &[
            task("profile", &[]),
            task("import-orders", &["import-rejections", "order-export-coverage"]),
            task("import-money", &["statement-coverage"]),
        ],
    },
    GroupDef {
        id: "stop-selling",
        tasks: &[
            task("holiday-mode-on", &["holiday-mode-on"]),
            task("listings-marked", &["listings-marked"]),
            task("promotions-ended", &["promotions-ended"]),
            task("inventory-cleared", &["inventory-cleared"]),
            task("new-orders", &["orders-after-stop-date"]),
        ],
    },
    GroupDef {
        id: "finish-orders",
        tasks: &[
            task(
                "unfinished-orders",
                &[
                    "orders-awaiting-payment",
                    "orders-risk-control",
                    "orders-cancel-requested",
                    "orders-awaiting-shipment",
                    "orders-awaiting-receipt",
                    "orders-in-dispute",
                    "orders-funds-processing",
                    "orders-frozen",
                ],
            ),
            task("buyer-windows", &["buyer-protection-window", "eu-withdrawal-window"]),
            task("customers-notified", &["customers-notified"]),
            task("return-address-kept", &["return-address-kept"]),
        ],
    },
    GroupDef {
        id: "clear-money",
        tasks: &[
            task("money-released", &["unsettled-orders", "refunds-completed", "frozen-funds"]),
            task("withdrawal-account-valid", &["withdrawal-account-valid"]),
            task("balance-withdrawn", &["balance-withdrawn"]),
            task("platform-debts-paid", &["platform-debts-paid"]),
            task("penalties-cleared", &["penalties-cleared"]),
        ],
    },
    GroupDef {
        id: "wind-down",
        tasks: &[
            task("partners-terminated", &["partners-terminated"]),
            task("subscriptions-cancelled", &["subscriptions-cancelled"]),
            TaskDef { id: "eu-vat-final-return", scope: Scope::Eu, rules: &["eu-vat-final-return"] },
            TaskDef { id: "fr-epr-final-declaration", scope: Scope::France, rules: &["fr-epr-final-declaration"] },
        ],
    },
    GroupDef { id: "protect-data", tasks: &[task("personal-data-deleted", &["personal-data-deleted"])] },
    GroupDef {
        id: "apply",
        tasks: &[
            task("records-downloaded", &["records-downloaded"]),
            task("closure-application", &["closure-application"]),
        ],
    },
];

#[derive(Debug, Clone, Serialize)]
pub struct TaskList {
    pub groups: Vec<Group>,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: &'static str,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub id: &'static str,
    pub status: TaskStatus,
    pub rules: Vec<&'static str>,
}

/// The task list a store of this profile sees, as the checklist stands.
pub fn task_list_for(profile: &Profile, evaluation: &Evaluation) -> TaskList {
    task_list(profile, |t| task_status(t, profile, evaluation))
}

/// A task is done when each of its rules is settled; it is in progress when some are. The
/// profile is done once it has a stop date; the closure application cannot start before the
/// checklist allows it.
pub fn task_status(task: &TaskDef, profile: &Profile, evaluation: &Evaluation) -> TaskStatus {
    if task.id == "profile" {
        return if profile.stop_date.is_some() { TaskStatus::Done } else { TaskStatus::InProgress };
    }
    let statuses: Vec<Status> = task.rules.iter().filter_map(|id| evaluation.rule(id)).map(|r| r.status).collect();
    let settled = statuses.iter().filter(|s| s.is_settled()).count();
    if task.id == CLOSURE_APPLICATION && settled == 0 && !evaluation.closure_application_can_start {
        return TaskStatus::CannotStart;
    }
    match settled {
        0 => TaskStatus::NotStarted,
        n if n == statuses.len() => TaskStatus::Done,
        _ => TaskStatus::InProgress,
    }
}

/// The task list a store of this profile sees, each task's status given by `status_of`.
pub fn task_list(profile: &Profile, status_of: impl Fn(&TaskDef) -> TaskStatus) -> TaskList {
    let groups: Vec<Group> = GROUPS
        .iter()
        .map(|g| Group {
            id: g.id,
            tasks: g
                .tasks
                .iter()
                .filter(|t| t.scope.includes(profile.region))
                .map(|t| Task { id: t.id, status: status_of(t), rules: t.rules.to_vec() })
                .collect(),
        })
        .collect();
    let tasks = groups.iter().flat_map(|g| &g.tasks);
    let total = tasks.clone().count();
    let done = tasks.filter(|t| t.status == TaskStatus::Done).count();
    TaskList { groups, done, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Region;

    fn ids(list: &TaskList) -> Vec<&str> {
        list.groups.iter().flat_map(|g| g.tasks.iter().map(|t| t.id)).collect()
    }

    #[test]
    fn region_decides_which_tasks_show() {
        let cn = task_list(&Profile::new("S", Region::CN).unwrap(), |_| TaskStatus::NotStarted);
        let fr = task_list(&Profile::new("S", Region::FR).unwrap(), |_| TaskStatus::NotStarted);
        let it = task_list(&Profile::new("S", Region::IT).unwrap(), |_| TaskStatus::NotStarted);
        assert!(!ids(&cn).contains(&"eu-vat-final-return"));
        assert!(ids(&fr).contains(&"eu-vat-final-return") && ids(&fr).contains(&"fr-epr-final-declaration"));
        assert!(ids(&it).contains(&"eu-vat-final-return") && !ids(&it).contains(&"fr-epr-final-declaration"));
        assert_eq!(fr.total, cn.total + 2);
    }

    #[test]
    fn counts_done_tasks() {
        let list = task_list(&Profile::new("S", Region::CN).unwrap(), |t| {
            if t.id == "profile" {
                TaskStatus::Done
            } else {
                TaskStatus::NotStarted
            }
        });
        assert_eq!(list.done, 1);
        assert_eq!(list.groups.len(), 7);
    }

    #[test]
    fn task_ids_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for t in GROUPS.iter().flat_map(|g| g.tasks) {
            assert!(seen.insert(t.id), "duplicate task {}", t.id);
        }
    }
}
