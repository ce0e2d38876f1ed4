//! The wizard's shape: closure steps grouped under verbs, GOV.UK task-list style. The app and
//! the report both read it, so the order the seller sees is the order the report prints.

use serde::Serialize;

use crate::model::{Profile, Scope};
use crate::rules::{Evaluation, RuleResult, Status, CLOSURE_APPLICATION};

/// Where a task stands, as the task list's tag shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Not yet possible: the closure application while other steps are still open.
    CannotStart,
    /// None of its rules is settled yet.
    NotStarted,
    /// Some of its rules are settled, not all (the profile: no stop date yet).
    InProgress,
    /// Something of it stands in the way and needs doing: orders open, money left.
    Blocked,
    /// Nothing left to do but wait: each rule still open ends on a known day.
    Waiting,
    /// Every one of its rules is settled, but one of them warns: done as far as the verdict
    /// goes, with something the seller should look at (orders after the stop date, months no
    /// export covers), so it is not shown as done.
    CheckThis,
    /// Every one of its rules is settled (the profile: it has a stop date).
    Done,
}

/// One step of the wizard, as shipped.
pub struct TaskDef {
    /// Stable id; for a task that is one attested rule, the rule's id.
    pub id: &'static str,
    /// Which stores see it, by region.
    pub scope: Scope,
    /// The checklist rules this task settles.
    pub rules: &'static [&'static str],
}

/// A verb the wizard groups steps under (`get-data`, `finish-orders`, `apply`, …).
pub struct GroupDef {
    /// Stable id, which the window and the report word.
    pub id: &'static str,
    /// Its steps, in the order the seller sees them.
    pub tasks: &'static [TaskDef],
}

const fn task(id: &'static str, rules: &'static [&'static str]) -> TaskDef {
    TaskDef { id, scope: Scope::All, rules }
}

/// The whole wizard, in order; a store sees the tasks whose scope includes its region.
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
            TaskDef { id: "closure-notice", scope: Scope::China, rules: &["closure-notice"] },
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
                    "orders-unknown-state",
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

/// The wizard as one store sees it now.
#[derive(Debug, Clone, Serialize)]
pub struct TaskList {
    /// Its groups, in `GROUPS` order (a group keeps its place even when no task of it shows).
    pub groups: Vec<Group>,
    /// How many of its tasks are done.
    pub done: usize,
    /// How many tasks it shows in all.
    pub total: usize,
    /// What holds closure up, rule by rule, in checklist order: the one count (and the names)
    /// the banner, the task list, the report and the terminal all show.
    pub holding_up: Vec<HoldUp>,
}

/// One thing that holds closure up, with the task where the seller settles it.
#[derive(Debug, Clone, Serialize)]
pub struct HoldUp {
    /// The rule's id.
    pub rule: &'static str,
    /// The task whose step settles it.
    pub task: &'static str,
    /// The day it stops holding closure up, where only time is in the way.
    pub until: Option<chrono::NaiveDate>,
}

/// One group of a `TaskList`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The group's id, as in `GROUPS`.
    pub id: &'static str,
    /// Its tasks that apply to this store.
    pub tasks: Vec<Task>,
}

/// One task of a `TaskList`, with its status.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// The task's id, as in `GROUPS`.
    pub id: &'static str,
    /// Where it stands as of the evaluation.
    pub status: TaskStatus,
    /// The checklist rules it settles, by id.
    pub rules: Vec<&'static str>,
}

/// The task list a store of this profile sees, as the checklist stands.
pub fn task_list_for(profile: &Profile, evaluation: &Evaluation) -> TaskList {
    let mut list = task_list(profile, |t| task_status(t, profile, evaluation));
    let visible: Vec<&Task> = list.groups.iter().flat_map(|g| &g.tasks).collect();
    list.holding_up = evaluation
        .blockers()
        .map(|r| HoldUp {
            rule: r.id,
            task: visible.iter().find(|t| t.rules.contains(&r.id)).map_or("profile", |t| t.id),
            until: r.until,
        })
        .collect();
    list
}

/// A task is done when each of its rules is settled, and to be checked when one of those warns;
/// it is in progress when some are settled. The profile is done once it has a stop date; the
/// closure application cannot start before the checklist allows it.
pub fn task_status(task: &TaskDef, profile: &Profile, evaluation: &Evaluation) -> TaskStatus {
    if task.id == "profile" {
        return if profile.stop_date.is_some() { TaskStatus::Done } else { TaskStatus::InProgress };
    }
    let results: Vec<&RuleResult> = task.rules.iter().filter_map(|id| evaluation.rule(id)).collect();
    let settled = results.iter().filter(|r| r.status.is_settled()).count();
    if task.id == CLOSURE_APPLICATION && settled == 0 && !evaluation.closure_application_can_start {
        return TaskStatus::CannotStart;
    }
    let open = results.iter().filter(|r| !r.status.is_settled());
    if settled == results.len() {
        let unread_warning = results.iter().any(|r| r.status == Status::Warning && !r.is_acknowledged());
        return if unread_warning { TaskStatus::CheckThis } else { TaskStatus::Done };
    }
    if open.clone().any(|r| r.status == Status::Blocked && !r.is_waiting()) {
        TaskStatus::Blocked
    } else if open.clone().all(|r| r.is_waiting()) {
        TaskStatus::Waiting
    } else if settled == 0 {
        TaskStatus::NotStarted
    } else {
        TaskStatus::InProgress
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
    TaskList { groups, done, total, holding_up: Vec::new() }
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
        assert!(ids(&cn).contains(&"closure-notice") && !ids(&fr).contains(&"closure-notice"));
        assert_eq!(fr.total, cn.total + 1, "FR adds the VAT return and EPR, CN the closure notice");
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

    #[test]
    fn a_task_whose_rule_warns_asks_to_be_checked_not_done() {
        use crate::case::testing::{import_text, orders_csv, scratch};
        let (_dir, mut case) = scratch();
        let mut profile = case.profile().unwrap();
        profile.stop_date = chrono::NaiveDate::from_ymd_opt(2026, 10, 1);
        case.save_profile(&profile).unwrap();
        let status = |case: &crate::case::Case| {
            let evaluation = case.evaluate(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
            let list = task_list_for(&case.profile().unwrap(), &evaluation);
            list.groups.iter().flat_map(|g| &g.tasks).find(|t| t.id == "new-orders").unwrap().status
        };
        import_text(&mut case, "a.csv", &orders_csv(&[("8100000000000001", "交易完成", "2026-09-20 10:00")]));
        assert_eq!(status(&case), TaskStatus::Done);
        import_text(&mut case, "b.csv", &orders_csv(&[("8100000000000002", "交易完成", "2026-10-20 10:00")]));
        assert_eq!(status(&case), TaskStatus::CheckThis, "an order came in after the stop date");
    }
}
