# Reference values for tickwatch's indicators, computed with R's TTR package (the oracle).
#
#   Rscript scripts/ttr/reference.R            # from the repository root
#
# Writes test/fixtures/ttr/<dataset>/input.csv (the bars), one CSV per TTR call
# (test/fixtures/ttr/<dataset>/<name>.csv, columns named as TTR names them, one row per bar) and
# test/fixtures/ttr/manifest.csv (file name -> the exact R expression that produced it).
#
# Datasets:
#   ttrc  TTR's own daily OHLCV sample (5550 bars, 1985-2006), as shipped with the package.
#   sim   a simulated one-minute intraday series generated below with a fixed seed: fat-tailed
#         returns, U-shaped intraday volume, prices on a 0.01 tick (so equal highs/lows occur),
#         a halted stretch of flat bars (zero ranges, zero changes) and a long steady trend.
#
# Numbers are written with the fewest significant digits (15, 16 or 17) that read back to the
# identical double, so the fixture is exact. NA (TTR's warm-up) is an empty cell; NaN (e.g. 0/0)
# is written NaN, Inf as Inf/-Inf.
suppressPackageStartupMessages(library(TTR))

args <- commandArgs(trailingOnly = TRUE)
root <- if (length(args) >= 1) args[[1]] else "."
out_dir <- file.path(root, "test", "fixtures", "ttr")

exact <- function(x) {
  x <- as.numeric(x)
  s <- sprintf("%.15g", x)
  for (digits in c(16, 17)) {
    bad <- is.finite(x) & suppressWarnings(as.numeric(s)) != x
    s[bad] <- sprintf(paste0("%.", digits, "g"), x[bad])
  }
  s[is.na(x) & !is.nan(x)] <- ""
  s[is.nan(x)] <- "NaN"
  s[is.infinite(x) & x > 0] <- "Inf"
  s[is.infinite(x) & x < 0] <- "-Inf"
  s
}

write_columns <- function(path, columns) {
  text <- do.call(cbind, lapply(columns, function(column) if (is.character(column)) column else exact(column)))
  colnames(text) <- names(columns)
  write.table(text, path, sep = ",", quote = FALSE, row.names = FALSE, col.names = TRUE)
}

# ---- the simulated intraday series ---------------------------------------------------------
simulate_bars <- function(count = 2000) {
  set.seed(20240102)
  tick <- 0.01
  minute <- (seq_len(count) - 1) %% 390                      # minutes into the session
  u_shape <- 1 + 1.5 * ((minute - 195) / 195)^2              # busier at open and close
  drift <- rep(0, count)
  drift[1201:1500] <- 0.0006                                 # a steady uptrend (Parabolic SAR's acceleration cap)
  sigma <- 0.0009 * sqrt(u_shape)
  returns <- drift + sigma * rt(count, df = 4) / sqrt(2)     # Student-t(4) scaled to unit variance
  halted <- 801:810                                          # a halted market: nothing moves
  open <- high <- low <- close <- volume <- numeric(count)
  last <- 100
  for (i in seq_len(count)) {
    if (i %in% halted) {
      open[i] <- high[i] <- low[i] <- close[i] <- last
      volume[i] <- 1 + rpois(1, 2)                           # stale prints at the last price
      next
    }
    gap <- if (i > 1 && minute[i] == 0) rnorm(1, 0, 0.004) else 0   # overnight gap at the open
    start <- last * exp(gap)
    path <- start * exp(cumsum(c(0, rep(returns[i] / 12, 12) + rnorm(12, 0, sigma[i] / 3))))
    path <- round(path / tick) * tick
    path <- round(path, 2)                                   # the nearest double to the cent
    open[i] <- path[1]
    close[i] <- path[length(path)]
    high[i] <- max(path)
    low[i] <- min(path)
    volume[i] <- round(rlnorm(1, meanlog = log(5000 * u_shape[i]), sdlog = 0.6)) + 1
    last <- close[i]
  }
  session <- as.POSIXct("2024-01-02 14:30:00", tz = "UTC") + 86400 * ((seq_len(count) - 1) %/% 390)
  time <- format(session + 60 * minute, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")
  data.frame(time = time, open = open, high = high, low = low, close = close, volume = volume)
}

data(ttrc)
datasets <- list(
  ttrc = data.frame(
    time = format(ttrc$Date, "%Y-%m-%d"), open = ttrc$Open, high = ttrc$High,
    low = ttrc$Low, close = ttrc$Close, volume = ttrc$Volume
  ),
  sim = simulate_bars()
)

# ---- the calls ------------------------------------------------------------------------------
# name -> R expression over the variables o, h, l, cl, v, HL, HLC, OHLC (file: <name>.csv).
calls <- c(
  # trend
  sma_20 = "SMA(cl, 20)",
  sma_5 = "SMA(cl, 5)",
  ema_20 = "EMA(cl, 20)",
  ema_12 = "EMA(cl, 12)",
  ema_14_wilder = "EMA(cl, 14, wilder = TRUE)",
  wma_20 = "WMA(cl, 20)",
  dema_20 = "DEMA(cl, 20)",
  tema_20 = "{ e1 <- EMA(cl, 20); e2 <- EMA(e1, 20); e3 <- EMA(e2, 20); 3 * e1 - 3 * e2 + e3 }",
  hma_20 = "HMA(cl, 20)",
  hma_9 = "HMA(cl, 9)",
  vwma_20 = "VWMA(cl, v, 20)",
  evwma_20 = "EVWMA(cl, v, 20)",
  zlema_20 = "ZLEMA(cl, 20)",
  macd_12_26_9 = "MACD(cl, 12, 26, 9, percent = FALSE)",
  macd_12_26_9_percent = "MACD(cl, 12, 26, 9, percent = TRUE)",
  trix_15_15 = "TRIX(cl, n = 15, nSig = 15)",
  adx_14 = "ADX(HLC, 14)",
  aroon_25 = "aroon(HL, 25)",
  sar_0.02_0.2 = "SAR(HL, c(0.02, 0.2))",
  # momentum
  rsi_14 = "RSI(cl, 14)",
  rsi_2 = "RSI(cl, 2)",
  stoch_14_3_3 = "stoch(HLC, 14, 3, 3)",
  stochrsi_14_14_3_3 = "stoch(RSI(cl, 14), 14, 3, 3)",
  smi_13_2_25_9 = "SMI(HLC, 13, 2, 25, 9)",
  wpr_14 = "WPR(HLC, 14)",
  roc_10_discrete = "ROC(cl, 10, type = 'discrete')",
  roc_10_continuous = "ROC(cl, 10, type = 'continuous')",
  momentum_10 = "momentum(cl, 10)",
  cci_20 = "CCI(HLC, 20)",
  cmo_14 = "CMO(cl, 14)",
  ultimate_7_14_28 = "ultimateOscillator(HLC, c(7, 14, 28), c(4, 2, 1))",
  dpo_20 = "DPO(cl, 20)",
  # volatility
  atr_14 = "ATR(HLC, 14)",
  bbands_20_2_typical = "BBands(HLC, 20, sd = 2)",
  bbands_20_2_close = "BBands(cl, 20, sd = 2)",
  keltner_20_2 = "keltnerChannels(HLC, 20, atr = 2)",
  donchian_20 = "DonchianChannel(HL, 20)",
  volatility_20_close = "volatility(OHLC, 20, calc = 'close', N = 252)",
  volatility_20_parkinson = "volatility(OHLC, 20, calc = 'parkinson', N = 252)",
  volatility_20_garman_klass = "volatility(OHLC, 20, calc = 'garman.klass', N = 252)",
  volatility_20_rogers_satchell = "volatility(OHLC, 20, calc = 'rogers.satchell', N = 252)",
  volatility_20_yang_zhang = "volatility(OHLC, 20, calc = 'yang.zhang', N = 252)",
  runsd_20_sample = "runSD(cl, 20, sample = TRUE)",
  runsd_20_population = "runSD(cl, 20, sample = FALSE)",
  chaikin_volatility_10 = "chaikinVolatility(HL, 10)",
  # volume
  obv = "OBV(cl, v)",
  chaikin_ad = "chaikinAD(HLC, v)",
  chaikin_oscillator_3_10 = "{ ad <- chaikinAD(HLC, v); EMA(ad, 3) - EMA(ad, 10) }",
  cmf_20 = "CMF(HLC, v, 20)",
  mfi_14 = "MFI(HLC, v, 14)",
  emv_14 = "EMV(HL, v, 14)",
  force_index_13 = "EMA(momentum(cl, 1) * v, 13)",
  williams_ad = "williamsAD(HLC)",
  vwap_20 = "VWAP(cl, v, 20)",
  clv = "CLV(HLC)",
  # statistics
  runvar_20 = "runVar(cl, n = 20)",
  runmedian_20 = "runMedian(cl, 20)",
  runmad_20 = "runMAD(cl, 20)",
  percent_rank_20 = "runPercentRank(cl, 20)",
  percent_rank_260 = "runPercentRank(cl, 260)",
  zscore_20_population = "(cl - runMean(cl, 20)) / runSD(cl, 20, sample = FALSE)",
  zscore_20_sample = "(cl - runMean(cl, 20)) / runSD(cl, 20, sample = TRUE)"
)

as_columns <- function(result) {
  m <- as.matrix(result)
  if (ncol(m) == 1) colnames(m) <- "value"
  cols <- lapply(seq_len(ncol(m)), function(j) m[, j])
  names(cols) <- colnames(m)
  cols
}

manifest <- data.frame(dataset = character(), file = character(), expression = character())
for (dataset in names(datasets)) {
  bars <- datasets[[dataset]]
  dir.create(file.path(out_dir, dataset), recursive = TRUE, showWarnings = FALSE)
  write_columns(file.path(out_dir, dataset, "input.csv"), list(
    time = bars$time, open = bars$open, high = bars$high, low = bars$low, close = bars$close, volume = bars$volume
  ))

  o <- bars$open; h <- bars$high; l <- bars$low; cl <- bars$close; v <- bars$volume
  HL <- cbind(h, l); HLC <- cbind(h, l, cl); OHLC <- cbind(o, h, l, cl)
  for (name in names(calls)) {
    expression <- calls[[name]]
    result <- withCallingHandlers(eval(parse(text = expression)), warning = function(w) {
      message(sprintf("%s %s: %s", dataset, name, conditionMessage(w)))
      invokeRestart("muffleWarning")
    })
    write_columns(file.path(out_dir, dataset, paste0(name, ".csv")), as_columns(result))
    manifest[nrow(manifest) + 1, ] <- list(dataset, paste0(name, ".csv"), expression)
  }
  # SAR's first value is low[1] - initGap, where TTR takes initGap = sd(high - low) over the
  # WHOLE series (a look-ahead no streaming indicator can have); record it so tests can pass it.
  write_columns(file.path(out_dir, dataset, "constants.csv"), list(
    name = c("sar_init_gap"), value = c(sd(h - l))
  ))
}
manifest$expression <- paste0('"', gsub('"', '""', manifest$expression), '"')
write.csv(manifest, file.path(out_dir, "manifest.csv"), quote = FALSE, row.names = FALSE)
cat(sprintf("TTR %s, R %s: wrote %d files under %s\n",
  as.character(packageVersion("TTR")), R.version.string, nrow(manifest), out_dir))
