"""The funnel plots' data and the early warnings (decisions.statistics.funnel, .warnings)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.statistics import year_table
from decisions.statistics.funnel import funnel
from decisions.statistics.warnings import early_warnings
from ombudsman.conditional import data_conditional

from .params import EarlyWarningParams, FunnelParams
from .statistics_views import _params, table_status
from .uncertainty_schema import EarlyWarningsSerializer, FunnelSerializer


class FunnelView(APIView):
    """A funnel plot's data: every council of a type with the rate, what it rests on and its
    class at the 95% and 99.8% levels, the type's pooled average and the control limits.

    A council is outside a limit exactly when its own confidence interval at that level
    excludes the average (Wilson score for percentages, exact Poisson for upheld per 100,000),
    so `outside["95"]` lists the councils whose `compared` class in /api/statistics/ is higher
    or lower.
    """

    @extend_schema(parameters=[FunnelParams], responses={200: FunnelSerializer})
    @data_conditional
    def get(self, request, *args, **kwargs):
        params = _params(FunnelParams, request)
        return Response(
            funnel(
                year=params["year"], key=params["measure"], authority_type=params["authority_type"]
            )
        )


class EarlyWarningsView(APIView):
    """The councils whose upheld rate or upheld per 100,000 stands out from similar councils in
    a year by more than chance would explain, each with its reasons: above (or below) the 99.8%
    limit, above (or below) the 95% limit two years running, or (upheld rate) a significant rise
    (or fall) on last year. `above` is the list of concern, `below` its reverse.
    """

    @extend_schema(
        parameters=[EarlyWarningParams],
        responses={200: EarlyWarningsSerializer},
    )
    @data_conditional
    def get(self, request, *args, **kwargs):
        params = _params(EarlyWarningParams, request)
        table = year_table(params["year"])
        rows = [
            w
            for w in early_warnings(params["year"])
            if params.get("direction") in (None, w["direction"])
            and params.get("measure") in (None, w["measure"])
        ]
        return Response({**table_status(table), "count": len(rows), "results": rows})
