"""National targets the sample data is calibrated to, one row per reporting year.

Every real figure comes from `../shared/data/lgsco/lgsco_national_headline_stats.csv` (the file
is read here by a person, never by the app: the numbers are copied in). The comment on each value
names the CSV row (`year,metric`); values marked INTERPOLATED or EXTRAPOLATED are ours, and the
rule used is written next to them. The generator hits the counts exactly at scale 1.0 (it shares
them out between councils and rounds), so the statistics pages show figures of the right size.
"""

from __future__ import annotations

from dataclasses import dataclass

from councils.querysets import AuthorityType


@dataclass(frozen=True)
class YearTarget:
    received: int  # complaints and enquiries received in the year
    investigations: int  # detailed investigations (upheld + not upheld)
    upheld_pct: float  # of detailed investigations
    remedied_pct: float  # satisfactory remedy by the authority, % of upheld
    compliance_pct: float  # complied or complied late, % of compliance outcomes
    late_pct: float  # complied late, % of compliance outcomes
    service_improvements: int  # service improvement recommendations made
    reports: int  # public reports


# Keyed by the start year of the reporting year (2019 = 2019-20). The years before 2019-20 serve
# the national-scale benchmark (ten years of history); `make run` generates 2019-20 onwards, the
# years the real council list covers (see DEFAULT_YEARS in generator.py).
TARGETS: dict[int, YearTarget] = {
    2015: YearTarget(
        received=19702,  # 2015-16,complaints_and_enquiries_received
        investigations=4531,  # EXTRAPOLATED: the 2017-18 share of received (23.0%)
        upheld_pct=51,  # 2015-16,uphold_rate_pct
        remedied_pct=11,  # 2015-16,satisfactorily_remedied_by_authority_cases 255 / ~2,311 upheld
        compliance_pct=99.4,  # EXTRAPOLATED: held at 2018-19, the first published year
        late_pct=8,  # EXTRAPOLATED: held at 2018-19,recommendations_implemented_late_pct
        service_improvements=633,  # 2015-16,service_improvement_recommendations
        reports=63,  # EXTRAPOLATED: held at 2019-20
    ),
    2016: YearTarget(
        received=16863,  # 2016-17,complaints_and_enquiries_received
        investigations=3878,  # EXTRAPOLATED: the 2017-18 share of received (23.0%)
        upheld_pct=54,  # 2016-17,uphold_rate_pct
        remedied_pct=11,  # INTERPOLATED: 2015-16 and 2018-19 were both 11%
        compliance_pct=99.4,  # EXTRAPOLATED: held at 2018-19
        late_pct=8,  # EXTRAPOLATED: held at 2018-19
        service_improvements=882,  # INTERPOLATED: straight line from 2015-16 (633) to 2019-20
        reports=63,  # EXTRAPOLATED: held at 2019-20
    ),
    2017: YearTarget(
        received=17452,  # 2017-18,complaints_and_enquiries_received
        investigations=4020,  # 2017-18,detailed_investigations
        upheld_pct=57,  # 2017-18,uphold_rate_pct
        remedied_pct=11,  # INTERPOLATED: 2015-16 and 2018-19 were both 11%
        compliance_pct=99.4,  # EXTRAPOLATED: held at 2018-19
        late_pct=8,  # EXTRAPOLATED: held at 2018-19
        service_improvements=1131,  # INTERPOLATED: straight line from 2015-16 to 2019-20 (1629)
        reports=63,  # EXTRAPOLATED: held at 2019-20
    ),
    2018: YearTarget(
        received=16899,  # 2018-19,complaints_and_enquiries_received
        investigations=4234,  # 2018-19,detailed_investigations
        upheld_pct=58,  # 2018-19,uphold_rate_pct
        remedied_pct=11,  # 2018-19,satisfactory_remedy_by_council_pct
        compliance_pct=99.4,  # 2018-19,compliance_rate_pct
        late_pct=8,  # 2018-19,recommendations_implemented_late_pct
        service_improvements=1380,  # INTERPOLATED: straight line from 2015-16 to 2019-20
        reports=63,  # EXTRAPOLATED: held at 2019-20
    ),
    2019: YearTarget(
        received=17019,  # 2019-20,complaints_and_enquiries_received
        investigations=4171,  # INTERPOLATED: 24.5% of received, see INVESTIGATION_SHARE below
        upheld_pct=61,  # 2019-20,uphold_rate_pct
        remedied_pct=13,  # 2019-20,satisfactory_remedy_by_council_pct
        compliance_pct=99.4,  # 2019-20,compliance_rate_pct
        late_pct=11,  # INTERPOLATED: straight line from 2018-19 (8%) to 2021-22 (18%)
        service_improvements=1629,  # 2019-20,service_improvement_recommendations
        reports=63,  # 2019-20,public_interest_reports
    ),
    2020: YearTarget(
        received=11830,  # 2020-21,complaints_and_enquiries_received (intake paused in lockdown)
        investigations=2834,  # INTERPOLATED: 24.0% of received
        upheld_pct=67,  # 2020-21,uphold_rate_pct
        remedied_pct=13,  # INTERPOLATED: held at the 2019-20 figure
        compliance_pct=99.5,  # 2020-21,compliance_rate_pct
        late_pct=15,  # INTERPOLATED: straight line from 2018-19 (8%) to 2021-22 (18%)
        service_improvements=1488,  # 2020-21,service_improvement_recommendations
        reports=55,  # INTERPOLATED: straight line from 2019-20 (63) to 2022-23 (38)
    ),
    2021: YearTarget(
        received=13659,  # INTERPOLATED: midpoint of 2020-21 (11830) and 2022-23 (15488)
        investigations=3198,  # INTERPOLATED: 23.4% of received
        upheld_pct=71,  # INTERPOLATED: straight line from 2020-21 (67) to 2023-24 (80)
        remedied_pct=13,  # INTERPOLATED: held at the 2019-20 figure
        compliance_pct=99.7,  # 2021-22,compliance_rate_pct
        late_pct=18,  # 2021-22,remedies_implemented_late_pct
        service_improvements=1848,  # 2021-22,service_improvement_recommendations
        reports=46,  # INTERPOLATED: straight line from 2019-20 (63) to 2022-23 (38)
    ),
    2022: YearTarget(
        received=15488,  # 2022-23,complaints_and_enquiries_received (quoted in a council report)
        investigations=3541,  # INTERPOLATED: 22.9% of received
        upheld_pct=76,  # INTERPOLATED: straight line from 2020-21 (67) to 2023-24 (80)
        remedied_pct=13,  # INTERPOLATED: held at the 2019-20 figure
        compliance_pct=99.5,  # INTERPOLATED: mean of the published 99.4, 99.5 and 99.7
        late_pct=13,  # INTERPOLATED: mean of the published 2018-19 (8%) and 2021-22 (18%)
        service_improvements=1655,  # INTERPOLATED: mean of the three published years
        reports=38,  # 2022-23,public_interest_reports
    ),
    2023: YearTarget(
        received=17937,  # 2023-24,complaints_and_enquiries_received (quoted in a council report)
        investigations=4003,  # 2023-24,detailed_investigations
        upheld_pct=80,  # 2023-24,uphold_rate_pct
        remedied_pct=13,  # INTERPOLATED: held at the 2019-20 figure
        compliance_pct=99.5,  # INTERPOLATED: mean of the published years
        late_pct=13,  # INTERPOLATED: mean of the published 8% and 18%
        service_improvements=1655,  # INTERPOLATED: mean of the three published years
        reports=27,  # 2023-24,public_interest_reports
    ),
    2024: YearTarget(
        # EXTRAPOLATED: 2023-24 grown by the mean yearly growth from 2019-20 to 2023-24
        # (17937 / 17019) ** (1/4) = 1.32%; both ends are years without a lockdown pause.
        received=18174,
        investigations=4056,  # EXTRAPOLATED: the 2023-24 share of received (22.3%)
        upheld_pct=80,  # EXTRAPOLATED: held at 2023-24
        remedied_pct=13,  # EXTRAPOLATED: held at the 2019-20 figure
        compliance_pct=99.5,  # EXTRAPOLATED: mean of the published years
        late_pct=13,  # EXTRAPOLATED: as 2023-24
        service_improvements=1655,  # EXTRAPOLATED: mean of the three published years
        reports=27,  # EXTRAPOLATED: held at 2023-24
    ),
}
# INVESTIGATION_SHARE: detailed investigations as a share of complaints received were 25.1% in
# 2018-19 (2018-19,detailed_investigations 4234 / 2018-19,complaints_and_enquiries_received
# 16899) and 22.3% in 2023-24 (4003 / 17937); the years between take a straight line.

FIRST_SAMPLE_YEAR = min(TARGETS)
FIRST_DEFAULT_YEAR = 2019
LAST_SAMPLE_YEAR = max(TARGETS)

# Complaints per resident relative to a unitary council: our estimate, as the shared data has no
# volumes by type. Single-tier councils run every service; counties hold social care, education
# and highways, which bring most complaints; districts hold housing, planning, benefits and waste.
# Only the ratios matter: each year's national total is shared out in proportion to
# population x factor, so the totals match TARGETS whatever the councils are.
TYPE_VOLUME_FACTOR: dict[str, float] = {
    AuthorityType.LONDON_BOROUGH: 1.25,
    AuthorityType.METROPOLITAN_BOROUGH: 1.05,
    AuthorityType.UNITARY: 1.0,
    AuthorityType.COUNTY: 0.5,
    AuthorityType.DISTRICT: 0.38,
}
# For a council with no population figure: a typical one for its type (2020 medians, rounded).
TYPICAL_POPULATION: dict[str, int] = {
    AuthorityType.LONDON_BOROUGH: 275_000,
    AuthorityType.METROPOLITAN_BOROUGH: 310_000,
    AuthorityType.UNITARY: 250_000,
    AuthorityType.COUNTY: 770_000,
    AuthorityType.DISTRICT: 110_000,
}

# How the cases that are not investigated end, as shares of those cases. Closing after initial
# enquiries is the commonest outcome of all; premature complaints go back to the council.
EARLY_OUTCOME_SHARES: dict[str, float] = {
    "closed_after_initial_enquiries": 0.58,
    "referred_back_for_local_resolution": 0.28,
    "incomplete_or_invalid": 0.095,
    "advice_given": 0.045,
}
# Weeks from receipt to decision (low, high, mode) for each path.
DELAY_WEEKS: dict[str, tuple[float, float, float]] = {
    "investigation": (8, 52, 20),
    "closed_after_initial_enquiries": (1, 14, 4),
    "referred_back_for_local_resolution": (0.3, 4, 1),
    "incomplete_or_invalid": (0.5, 8, 2),
    "advice_given": (0.3, 6, 1.5),
}
# Upheld cases without a satisfactory remedy by the council that get recommendations: 2019-20
# had 2039 cases with recommendations (2019-20,cases_with_recommendations) out of about 2,200.
RECOMMENDATION_CASE_SHARE = 0.92
