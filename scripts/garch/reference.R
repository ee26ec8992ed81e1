# Reference GARCH(1,1) fits for tickwatch's GarchDetector (src/detectors/statistical/garch.ts).
#
#   Rscript scripts/garch/reference.R   # from the repository root
#
# Simulates a GARCH(1,1) series with Gaussian innovations (seeded, so it is reproducible), writes
# it to test/fixtures/garch/series.csv, fits it with fGarch::garchFit (zero mean, normal
# innovations) and tseries::garch, and writes the estimates and log-likelihoods to
# test/fixtures/garch/reference.json. Needs the Debian packages r-cran-fgarch and r-cran-tseries.
suppressMessages({
  library(fGarch)
  library(tseries)
})

set.seed(20240304)
n <- 2000
omega <- 2e-6
alpha <- 0.08
beta <- 0.9
h <- omega / (1 - alpha - beta)
x <- numeric(n)
for (t in 1:n) {
  x[t] <- sqrt(h) * rnorm(1)
  h <- omega + alpha * x[t]^2 + beta * h
}
writeLines(formatC(x, digits = 17, format = "g"), "test/fixtures/garch/series.csv")
x <- as.numeric(readLines("test/fixtures/garch/series.csv"))

fit <- garchFit(~ garch(1, 1), data = x, include.mean = FALSE, cond.dist = "norm", trace = FALSE)
coefficients <- coef(fit)
# fGarch reports the negative log-likelihood, with the 0.5 log(2 pi) constant, h[1] = mean(x^2).
llh <- -fit@fit$llh

tfit <- garch(x, order = c(1, 1), trace = FALSE)

json <- sprintf(
  paste0(
    '{\n  "source": "R %s, fGarch %s, tseries %s",\n  "n": %d,\n',
    '  "simulated": { "omega": %.17g, "alpha": %.17g, "beta": %.17g },\n',
    '  "fGarch": { "omega": %.17g, "alpha": %.17g, "beta": %.17g, "logLikelihood": %.17g },\n',
    '  "tseries": { "omega": %.17g, "alpha": %.17g, "beta": %.17g }\n}\n'
  ),
  paste(R.version$major, R.version$minor, sep = "."), packageVersion("fGarch"), packageVersion("tseries"),
  n, omega, alpha, beta,
  coefficients[["omega"]], coefficients[["alpha1"]], coefficients[["beta1"]], llh,
  coef(tfit)[["a0"]], coef(tfit)[["a1"]], coef(tfit)[["b1"]]
)
writeLines(json, "test/fixtures/garch/reference.json", sep = "")
cat(json)
