//! Ofsted Annex A lists recognised as they come: by their headers, with the sheet (or
//! file) name as a hint. Authorities name the sheets `List 4`, `List_4`, `List 4 -
//! Assessments`, `Assessments` or anything else; the lists' published headers say which
//! list a sheet is. A recognised sheet is read as `List N`, the name the `annex-a`
//! profile's mappings expect. A sheet that is no list is reported with the list it most
//! resembles and the headers it lacks.

use std::sync::LazyLock;

use regex::Regex;

/// One Annex A list: its number, title, and the headers that tell it from the others
/// (each a pattern on the header squashed to lower-case letters and digits, with the
/// published wording for messages).
struct List {
    n: u8,
    title: &'static str,
    signature: &'static [(&'static str, &'static str)],
    /// Words of a sheet name that name this list (squashed).
    hints: &'static [&'static str],
}

static LISTS: [List; 11] = [
    List {
        n: 1,
        title: "Contacts",
        signature: &[
            ("^dateofcontact$", "Date of Contact"),
            ("^contactsource$", "Contact Source"),
        ],
        hints: &["contact"],
    },
    List {
        n: 2,
        title: "Early Help",
        signature: &[
            ("assessmentstartdate$", "Assessment start date"),
            ("assessmentcompletiondate$", "Assessment completion date"),
        ],
        hints: &["earlyhelp"],
    },
    List {
        n: 3,
        title: "Referrals",
        signature: &[
            ("^dateofreferral$", "Date of Referral"),
            ("^referralsource$", "Referral Source"),
        ],
        hints: &["referral"],
    },
    List {
        n: 4,
        title: "Assessments",
        signature: &[
            (
                "assessmentstartdate$|^continuousassessmentstart$",
                "Continuous Assessment Start Date",
            ),
            (
                "assessment.*authori[sz]ation|authori[sz]ationdate|assessmentauthdate$",
                "Continuous Assessment Date of Authorisation",
            ),
        ],
        hints: &["assessment"],
    },
    List {
        n: 5,
        title: "Section 47 enquiries",
        signature: &[
            (
                "strategydiscussion|section47enquirystart|stratdiscussiondate",
                "Strategy discussion initiating Section 47 Enquiry Start Date",
            ),
            (
                "deemedunnecessary|icpcnotrequired|cpconfunnecessary$",
                "Was an Initial Child Protection Conference deemed unnecessary?",
            ),
        ],
        hints: &["section47", "s47"],
    },
    List {
        n: 6,
        title: "Children in Need",
        signature: &[
            ("^cinstartdate$", "CIN Start Date"),
            ("^cinclosuredate$", "CIN Closure Date"),
        ],
        hints: &["childreninneed", "cin"],
    },
    List {
        n: 7,
        title: "Child Protection",
        signature: &[
            (
                "^childprotectionplanstartdate$",
                "Child Protection Plan Start Date",
            ),
            ("categoryofabuse$", "Initial Category of Abuse"),
        ],
        hints: &["childprotection", "cp"],
    },
    List {
        n: 8,
        title: "Children Looked After",
        signature: &[
            (
                "^datestartedtobelookedafter$|^lo+kedafterstartdate$",
                "Date Started to be Looked After",
            ),
            ("legalstatus$", "Child's Legal Status"),
        ],
        hints: &["lookedafter", "childrenincare", "cla", "lac"],
    },
    List {
        n: 9,
        title: "Care Leavers",
        signature: &[
            (
                "eligibilitycategory|^laintouch$|^intouch$",
                "Eligibility Category",
            ),
            (
                "pathwayplan|latestdateofcontact|typeofaccommodation|activitystatus",
                "Latest Pathway Plan Review Date",
            ),
        ],
        hints: &["careleaver"],
    },
    List {
        n: 10,
        title: "Adoption",
        signature: &[
            (
                "shouldbeplacedforadoption",
                "Date of Decision that Child Should be Placed for Adoption",
            ),
            ("^dateofplacementorder$", "Date of Placement Order"),
        ],
        hints: &["adoption"],
    },
    List {
        n: 11,
        title: "Adopters",
        signature: &[
            ("adopteridentifier", "Individual adopter identifier"),
            ("stage1started|stage2started", "Date Stage 1 started"),
        ],
        hints: &["adopter"],
    },
];

static PATTERNS: LazyLock<Vec<Vec<Regex>>> = LazyLock::new(|| {
    LISTS
        .iter()
        .map(|l| {
            l.signature
                .iter()
                .map(|(p, _)| Regex::new(p).expect("a valid signature pattern"))
                .collect()
        })
        .collect()
});

static LIST_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*list[\s_\-.]*(\d+)\b").expect("a valid pattern"));

/// A header or name squashed: lower case, letters and digits only (`Child Unique ID` =
/// `ChildUniqueID` = `child_unique_id`).
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The list a sheet name names: `List 4`, `List_4`, `List 4 - Assessments` (the number
/// wins; `List 1` never reads as `List 10`), else a title word (`Assessments`).
fn hinted(name: &str) -> Option<u8> {
    if let Some(c) = LIST_NUMBER.captures(name) {
        return c[1].parse().ok().filter(|n| (1..=11).contains(n));
    }
    let s = squash(name);
    // The more specific titles first (Early Help assessments before assessments).
    let order = [2, 11, 10, 1, 3, 5, 6, 7, 8, 9, 4];
    order
        .iter()
        .map(|&n| &LISTS[n as usize - 1])
        .find(|l| {
            l.hints
                .iter()
                .any(|h| if h.len() <= 3 { s == *h } else { s.contains(h) })
        })
        .map(|l| l.n)
}

/// A sheet recognised as a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMatch {
    pub n: u8,
    /// "Annex A List 4 (Assessments)".
    pub format: String,
    pub why: String,
}

impl ListMatch {
    /// The name the `annex-a` profile's mappings read the sheet under.
    pub fn canonical(&self) -> String {
        format!("List {}", self.n)
    }
}

/// Which Annex A list a sheet is, by its headers, the sheet name as a hint. `Err` says
/// which list it most resembles and which headers it lacks.
pub fn recognise(name: &str, headers: &[String]) -> Result<ListMatch, String> {
    let found: Vec<String> = headers.iter().map(|h| squash(h)).collect();
    let has = |re: &Regex| found.iter().any(|h| re.is_match(h));
    let scores: Vec<usize> = PATTERNS
        .iter()
        .map(|ps| ps.iter().filter(|p| has(p)).count())
        .collect();
    let hint = hinted(name);
    let full: Vec<&List> = LISTS
        .iter()
        .filter(|l| scores[l.n as usize - 1] == l.signature.len())
        .collect();
    let describe = |l: &List| format!("Annex A List {} ({})", l.n, l.title);
    let headers_of = |l: &List| {
        l.signature
            .iter()
            .map(|(_, h)| format!("'{h}'"))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let hint_text = |n: u8| match hint {
        Some(h) if h == n => format!("; the sheet name '{name}' agrees"),
        Some(h) => format!("; the sheet name '{name}' suggests List {h}, but the headers decide"),
        None => String::new(),
    };
    let chosen = match full.as_slice() {
        [] => None,
        [one] => Some(*one),
        many => Some(
            many.iter()
                .find(|l| Some(l.n) == hint)
                .copied()
                .unwrap_or(many[0]),
        ),
    };
    if let Some(l) = chosen {
        return Ok(ListMatch {
            n: l.n,
            format: describe(l),
            why: format!("its headers include {}{}", headers_of(l), hint_text(l.n)),
        });
    }
    // No list's signature is complete: the name decides when the headers agree in part.
    if let Some(h) = hint {
        let l = &LISTS[h as usize - 1];
        if scores[h as usize - 1] > 0 {
            return Ok(ListMatch {
                n: l.n,
                format: describe(l),
                why: format!(
                    "the sheet name '{name}' names it and its headers include some of the list's ({} expected)",
                    headers_of(l)
                ),
            });
        }
    }
    let closest = LISTS
        .iter()
        .max_by_key(|l| (scores[l.n as usize - 1], Some(l.n) == hint))
        .expect("lists");
    let missing: Vec<String> = closest
        .signature
        .iter()
        .zip(&PATTERNS[closest.n as usize - 1])
        .filter(|(_, p)| !has(p))
        .map(|((_, h), _)| format!("'{h}'"))
        .collect();
    Err(format!(
        "no Annex A list: it most resembles List {} ({}), but lacks the header(s) {}",
        closest.n,
        closest.title,
        missing.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const LIST4: &[&str] = &[
        "Child Unique ID",
        "Continuous Assessment Start Date",
        "Continuous Assessment Date of Authorisation",
    ];

    #[test]
    fn sheet_names_are_hints_and_list_1_is_never_list_10() {
        assert_eq!(hinted("List 4"), Some(4));
        assert_eq!(hinted("List_4"), Some(4));
        assert_eq!(hinted("list4"), Some(4));
        assert_eq!(hinted("List 4 - Assessments"), Some(4));
        assert_eq!(hinted("List 10"), Some(10));
        assert_eq!(hinted("List 11 - Adopters"), Some(11));
        assert_eq!(hinted("List 1"), Some(1));
        assert_eq!(hinted("Assessments"), Some(4));
        assert_eq!(hinted("Early Help Assessments"), Some(2));
        assert_eq!(hinted("Care Leavers"), Some(9));
        assert_eq!(hinted("CIN"), Some(6));
        assert_eq!(hinted("Sheet1"), None);
    }

    #[test]
    fn lists_are_recognised_by_their_headers() {
        for name in [
            "List 4",
            "List_4",
            "List 4 - Assessments",
            "Assessments",
            "Sheet3",
        ] {
            let m = recognise(name, &h(LIST4)).unwrap();
            assert_eq!(m.n, 4, "{name}");
            assert_eq!(m.canonical(), "List 4");
        }
        // The headers decide against a misleading name.
        let m = recognise("List 1", &h(LIST4)).unwrap();
        assert_eq!(m.n, 4);
        assert!(m.why.contains("suggests List 1"), "{}", m.why);
        // The SSD's Annex A extract writes its headers in CamelCase.
        let m = recognise(
            "cp",
            &h(&[
                "ChildUniqueID",
                "ChildProtectionPlanStartDate",
                "InitialCategoryOfAbuse",
            ]),
        )
        .unwrap();
        assert_eq!(m.n, 7);
        // Its other lists, in its own words (`LoookedAfterStartDate` as it is spelt there).
        for (n, headers) in [
            (
                4,
                &[
                    "ChildUniqueID",
                    "ContinuousAssessmentStart",
                    "ContinuousAssessmentAuthDate",
                ][..],
            ),
            (
                5,
                &[
                    "ChildUniqueID",
                    "StratDiscussionDate",
                    "InitialCPConfUnnecessary",
                    "InitialCPConfDate",
                ][..],
            ),
            (
                8,
                &["ChildUniqueID", "LoookedAfterStartDate", "LegalStatus"][..],
            ),
            (
                9,
                &[
                    "ChildUniqueID",
                    "EligibilityCategory",
                    "LatestPathwayPlan",
                    "LatestContact",
                ][..],
            ),
        ] {
            let m = recognise("Sheet1", &h(headers)).unwrap();
            assert_eq!(m.n, n, "{headers:?}");
        }
    }

    #[test]
    fn a_sheet_that_is_no_list_says_which_it_most_resembles() {
        let e = recognise(
            "Visits",
            &h(&[
                "Child Unique ID",
                "CIN Start Date",
                "Date Child Was Last Seen",
            ]),
        )
        .unwrap_err();
        assert!(
            e.contains("most resembles List 6 (Children in Need)"),
            "{e}"
        );
        assert!(e.contains("'CIN Closure Date'"), "{e}");
        // A name that names a list is taken when some of its headers are there.
        let m = recognise(
            "List 6 - CIN",
            &h(&[
                "Child Unique ID",
                "CIN Start Date",
                "Date Child Was Last Seen",
            ]),
        )
        .unwrap();
        assert_eq!(m.n, 6);
    }
}
