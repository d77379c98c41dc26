#!/usr/bin/env python3
"""Writes the synthetic national returns in sample-exports/: an SSDA903 folder
(sample-exports/ssda903/) and a CIN census (sample-exports/cin_census.xml).

Everything is invented (ids, dates, codes): no real data. The same seed writes the same
files. Run from the repository root:

    python3 tests/national_samples.py

Shape: the collection year 1 April 2025 - 31 March 2026. The 903 folder holds two years
of episodes and reviews (2024-25 and 2025-26, as when last year's files are given with
this year's), so that every period of care it shows starts in the files. A few records
are deliberately wrong, as real returns sometimes are (an episode that starts no period
of care, a date that does not exist), to show how they are reported.
"""

import datetime as dt
import os
import random

SEED = 1
YEAR_START = dt.date(2024, 4, 1)
AS_AT = dt.date(2026, 3, 31)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-exports")

rng = random.Random(SEED)


def d903(d):
    return d.strftime("%d/%m/%Y") if d else ""


def iso(d):
    return d.isoformat() if d else ""


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    last = [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def rand_date(a, b):
    return a + dt.timedelta(days=rng.randrange((b - a).days + 1))


def weekday_on_or_after(d):
    while d.weekday() >= 5:
        d += dt.timedelta(1)
    return d


# ---------------------------------------------------------------- SSDA903
def ssda903():
    header, episodes, reviews, missing, uasc, sw = [], [], [], [], [], []
    workers = ["SW%03d" % i for i in range(1, 9)]
    for n in range(1, 41):
        child = "LAC%04d" % n
        dob = rand_date(dt.date(2008, 1, 1), dt.date(2023, 12, 31))
        sex = rng.choice(["1", "2"])
        header.append([child, sex, d903(dob), rng.choice(["WBRI", "WIRI", "MWBC", "BAFR", "AIND", "OOTH"]), "", "", ""])
        if n % 10 == 0:
            uasc.append([child, sex, d903(dob), d903(add_months(dob, 18 * 12))])
        periods = 2 if n % 7 == 0 else 1
        start = weekday_on_or_after(rand_date(YEAR_START, dt.date(2025, 12, 31)))
        for p in range(periods):
            if start > AS_AT:
                break
            placements = rng.choice([1, 1, 2, 2, 3, 4])
            decom = start
            ls = rng.choice(["C2", "V2", "J2", "L1"])
            ends = rng.random() < 0.35 or p < periods - 1
            for k in range(placements):
                last = k == placements - 1
                length = rng.randrange(30, 240)
                dec = decom + dt.timedelta(days=length)
                if last and not ends or dec > AS_AT:
                    dec = None
                rec = "" if dec is None else ("X1" if not last else rng.choice(["E11", "E12", "E13", "E4A", "E41", "E8"]))
                rne = "S" if k == 0 else rng.choice(["P", "P", "L", "T"])
                episodes.append([child, d903(decom), rne, ls, "N1", rng.choice(["U1", "U3", "U4", "K2", "R1"]), "PR1", d903(dec), rec,
                                 "CARPL" if rec == "X1" else "", "", "", ""])
                if dec is None:
                    break
                if last:
                    break
                decom = dec
            end = dec
            # reviews: 20 WD (about 28 days), then 3 months, then 6 months, with slippage
            due = start + dt.timedelta(days=27)
            gaps = [None, 3, 6]
            ordinal = 1
            while True:
                r = rng.random()
                if r < 0.08:
                    held = None  # never held: the chain is missed
                elif r < 0.25:
                    held = due + dt.timedelta(days=rng.randrange(3, 40))
                else:
                    held = due - dt.timedelta(days=rng.randrange(0, 20))
                if held is None:
                    break
                held = weekday_on_or_after(held)
                if held > AS_AT or (end and held > end):
                    break
                if held > start:
                    reviews.append([child, d903(dob), d903(held), rng.choice(["PN1", "PN1", "PN2", "PN3", "PN0"])])
                ordinal += 1
                due = add_months(held, gaps[min(ordinal, 3) - 1])
            if n % 4 == 0:
                w = rng.sample(workers, 2)
                sw.append([child, d903(dob), w[0], d903(start), "", ""])
                change = start + dt.timedelta(days=rng.randrange(60, 200))
                if change < AS_AT and (end is None or change < end):
                    sw[-1][4] = d903(change)
                    sw[-1][5] = "CHCOR"
                    sw.append([child, d903(dob), w[1], d903(change), "", ""])
            if n % 6 == 0:
                m_start = rand_date(start, min(AS_AT, end or AS_AT))
                missing.append([child, d903(dob), rng.choice(["M", "A"]), d903(m_start), d903(m_start + dt.timedelta(days=rng.randrange(0, 4)))])
            if end is None:
                break
            start = weekday_on_or_after(end + dt.timedelta(days=rng.randrange(20, 120)))
    # Deliberate faults: an episode that follows the end of a period without RNE S, and
    # a review dated 31 February.
    closed = next(e for e in episodes if e[8].startswith("E"))
    after = dt.datetime.strptime(closed[7], "%d/%m/%Y").date() + dt.timedelta(days=30)
    if after <= AS_AT:
        episodes.append([closed[0], d903(after), "P", closed[3], "N1", "U1", "PR1", "", "", "", "", "", ""])
    reviews.append([reviews[0][0], reviews[0][1], "31/02/2026", "PN1"])

    folder = os.path.join(OUT, "ssda903")
    os.makedirs(folder, exist_ok=True)
    write_csv(os.path.join(folder, "header.csv"), ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"], header)
    write_csv(os.path.join(folder, "episodes.csv"), ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                                                      "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"], episodes)
    write_csv(os.path.join(folder, "reviews.csv"), ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"], reviews)
    write_csv(os.path.join(folder, "missing.csv"), ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"], missing)
    write_csv(os.path.join(folder, "uasc.csv"), ["CHILD", "SEX", "DOB", "DUC"], uasc)
    write_csv(os.path.join(folder, "sw_episodes.csv"), ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"], sw)
    return {h[0]: dt.datetime.strptime(h[2], "%d/%m/%Y").date() for h in header}


def write_csv(path, columns, rows):
    with open(path, "w", newline="") as f:
        f.write(",".join(columns) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


# ---------------------------------------------------------------- CIN census
def wd_add(d, n):
    hol = {dt.date(2025, 4, 18), dt.date(2025, 4, 21), dt.date(2025, 5, 5), dt.date(2025, 5, 26), dt.date(2025, 8, 25),
           dt.date(2025, 12, 25), dt.date(2025, 12, 26), dt.date(2026, 1, 1), dt.date(2024, 5, 6), dt.date(2024, 5, 27),
           dt.date(2024, 8, 26), dt.date(2024, 12, 25), dt.date(2024, 12, 26)}
    while n:
        d += dt.timedelta(1)
        if d.weekday() < 5 and d not in hol:
            n -= 1
    return d


def cin(lac):
    """The census; `lac` maps the 903's children to their dates of birth (the first ten
    are in the census too, born on the same day)."""
    lac_ids = list(lac)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<Message>", "  <Header>", "    <CollectionDetails>",
             "      <Collection>CIN</Collection>", "      <Year>2026</Year>", "      <ReferenceDate>2026-03-31</ReferenceDate>",
             "    </CollectionDetails>", "    <Source>", "      <SourceLevel>L</SourceLevel>", "      <LEA>999</LEA>",
             "      <SoftwareCode>synthetic sample</SoftwareCode>", "      <Release>1</Release>", "      <SerialNo>001</SerialNo>",
             "      <DateTime>2026-04-02T09:00:00</DateTime>", "    </Source>", "  </Header>", "  <Children>"]
    ids = lac_ids[:10] + ["CIN%04d" % n for n in range(1, 51)]
    for i, child in enumerate(ids):
        dob = rand_date(dt.date(2008, 1, 1), dt.date(2024, 6, 30))
        dob = lac.get(child, dob)
        out = ["    <Child>", "      <ChildIdentifiers>", f"        <LAchildID>{child}</LAchildID>", "        <UPNunknown>UN1</UPNunknown>",
               f"        <PersonBirthDate>{iso(dob)}</PersonBirthDate>", f"        <Sex>{rng.choice(['M', 'F'])}</Sex>",
               "      </ChildIdentifiers>", "      <ChildCharacteristics>", "        <Ethnicity>WBRI</Ethnicity>",
               "        <Disabilities>", f"          <Disability>{rng.choice(['NONE', 'NONE', 'NONE', 'HAND', 'LD'])}</Disability>",
               "        </Disabilities>", "      </ChildCharacteristics>"]
        referral = weekday_on_or_after(rand_date(dt.date(2024, 6, 1), dt.date(2026, 2, 27)))
        closure = referral + dt.timedelta(days=rng.randrange(60, 500))
        closure = closure if closure <= AS_AT and rng.random() < 0.5 else None
        out += ["      <CINdetails>", f"        <CINreferralDate>{iso(referral)}</CINreferralDate>",
                f"        <ReferralSource>{rng.choice(['1A', '2B', '3A', '5A', '6'])}</ReferralSource>",
                f"        <PrimaryNeedCode>{rng.choice(['N1', 'N2', 'N3', 'N4'])}</PrimaryNeedCode>"]
        if closure:
            out += [f"        <CINclosureDate>{iso(closure)}</CINclosureDate>", "        <ReasonForClosure>RC1</ReasonForClosure>"]
        out.append("        <ReferralNFA>false</ReferralNFA>")
        a_start = weekday_on_or_after(referral + dt.timedelta(days=rng.randrange(0, 5)))
        r = rng.random()
        if r < 0.7:
            done = wd_add(a_start, rng.randrange(10, 45))
        elif r < 0.9:
            done = wd_add(a_start, rng.randrange(46, 70))
        else:
            done = None
        if done and done > AS_AT:
            done = None
        out += ["        <Assessments>", f"          <AssessmentActualStartDate>{iso(a_start)}</AssessmentActualStartDate>"]
        if done:
            out.append(f"          <AssessmentAuthorisationDate>{iso(done)}</AssessmentAuthorisationDate>")
        out += ["          <FactorsIdentifiedAtAssessment>", f"            <AssessmentFactors>{rng.choice(['1C', '2B', '3A', '4A', '21'])}</AssessmentFactors>",
                "          </FactorsIdentifiedAtAssessment>", "        </Assessments>"]
        if i % 3 == 0:
            s47 = weekday_on_or_after(a_start + dt.timedelta(days=rng.randrange(1, 20)))
            target = wd_add(s47, 15)
            out += ["        <Section47>", f"          <S47ActualStartDate>{iso(s47)}</S47ActualStartDate>",
                    f"          <InitialCPCtarget>{iso(target)}</InitialCPCtarget>"]
            if i % 2 == 0:
                icpc = wd_add(s47, rng.choice([8, 12, 14, 15, 17, 21]))
                if icpc > AS_AT:
                    icpc = None
                if icpc:
                    out.append(f"          <DateOfInitialCPC>{iso(icpc)}</DateOfInitialCPC>")
                out += ["          <ICPCnotRequired>false</ICPCnotRequired>", "        </Section47>"]
                if icpc:
                    plan_end = icpc + dt.timedelta(days=rng.randrange(120, 700))
                    plan_end = plan_end if plan_end <= AS_AT else None
                    out += ["        <ChildProtectionPlans>", f"          <CPPstartDate>{iso(icpc)}</CPPstartDate>"]
                    if plan_end:
                        out.append(f"          <CPPendDate>{iso(plan_end)}</CPPendDate>")
                    out += ["          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>",
                            "          <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>",
                            "          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>", "          <Reviews>"]
                    review = add_months(icpc, 3) - dt.timedelta(days=rng.randrange(-10, 20))
                    while review <= AS_AT and (plan_end is None or review <= plan_end):
                        if rng.random() < 0.07:
                            break
                        out.append(f"            <CPPreviewDate>{iso(weekday_on_or_after(review))}</CPPreviewDate>")
                        review = add_months(review, 6) - dt.timedelta(days=rng.randrange(-12, 25))
                    out += ["          </Reviews>", "        </ChildProtectionPlans>"]
            else:
                out += ["          <ICPCnotRequired>true</ICPCnotRequired>", "        </Section47>"]
        out += ["      </CINdetails>", "    </Child>"]
        lines += out
    lines += ["  </Children>", "</Message>", ""]
    with open(os.path.join(OUT, "cin_census.xml"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    lac = ssda903()
    cin(lac)
