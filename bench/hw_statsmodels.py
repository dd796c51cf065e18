"""Comparison for make bench: statsmodels' ExponentialSmoothing (additive
trend and season, period 12, parameters fitted) and a 12-step forecast for
every series of the file (lines "rep_id<TAB>{x1,x2,...}" as COPY writes
float8[]).  Run with Debian's python3 (python3-statsmodels).

    python3 bench/hw_statsmodels.py series.tsv
"""
import sys
import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

warnings.filterwarnings("ignore")
with open(sys.argv[1]) as f:
    for line in f:
        rep, arr = line.rstrip("\n").split("\t")
        x = np.array([float(v) for v in arr.strip("{}").split(",")])
        fit = ExponentialSmoothing(x, trend="add", seasonal="add",
                                   seasonal_periods=12).fit()
        fit.forecast(12)
