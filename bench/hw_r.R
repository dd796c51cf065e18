# Comparison for make bench: R's stats::HoltWinters (additive, all three
# parameters fitted) and a 12-step forecast with 95% prediction intervals,
# for every series of the file (lines "rep_id<TAB>{x1,x2,...}" as COPY
# writes float8[]).  Writes "rep_id<TAB>SSE" lines to the second file.
#
#   Rscript bench/hw_r.R series.tsv r_sse.tsv
args <- commandArgs(trailingOnly = TRUE)
lines <- readLines(args[1])
out <- character(length(lines))
for (i in seq_along(lines)) {
	f <- strsplit(lines[i], "\t", fixed = TRUE)[[1]]
	x <- as.numeric(strsplit(gsub("[{}]", "", f[2]), ",", fixed = TRUE)[[1]])
	# R stops with "optimization failure" when L-BFGS-B ends with a code
	# between 1 and 50; such series are written with SSE NA
	m <- tryCatch(suppressWarnings(HoltWinters(ts(x, frequency = 12))),
	              error = function(e) NULL)
	if (is.null(m)) {
		out[i] <- sprintf("%s\tNA", f[1])
		next
	}
	p <- predict(m, n.ahead = 12, prediction.interval = TRUE, level = 0.95)
	out[i] <- sprintf("%s\t%.17g", f[1], m$SSE)
}
writeLines(out, args[2])
