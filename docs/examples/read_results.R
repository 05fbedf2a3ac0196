# Read a crossings results file in R, with hdf5r (CRAN) and with rhdf5
# (Bioconductor); both are Debian packages (r-cran-hdf5r, r-bioc-rhdf5).
#
# usage: Rscript docs/examples/read_results.R RESULTS.h5
#
# Prints, for each reader, the population of the first scenario in the last
# month by group (summed over the origin areas), and the number of parameters
# recorded. R stores arrays in column-major order, so a dataset that is
# [replicate][month][area][group] in C, h5py and docs/FORMAT.md arrives in R
# as [group, area, month, replicate]: the dimensions reversed.
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]

suppressPackageStartupMessages({
  library(hdf5r)
  library(rhdf5)
})

# ---- hdf5r -------------------------------------------------------------------
f <- H5File$new(path, mode = "r")
scenario <- names(f[["scenarios"]])[1]
groups <- f[["dims/group"]][]
pop <- f[[paste0("scenarios/", scenario, "/metrics/population")]][, , , ]
# pop is [group, area, month, replicate]; keep the first replicate's last month
if (length(dim(pop)) == 3) pop <- array(pop, c(dim(pop), 1)) # one replicate
last <- dim(pop)[3]
by_group <- rowSums(pop[, , last, 1, drop = FALSE], dims = 1)
params <- f[[paste0("scenarios/", scenario, "/parameters")]][]
cat("hdf5r", scenario, paste(groups, by_group, sep = "=", collapse = " "),
    "parameters", nrow(params), "format", h5attr(f, "format"), "\n")
f$close_all()

# ---- rhdf5 -------------------------------------------------------------------
groups2 <- h5read(path, "dims/group")
pop2 <- h5read(path, paste0("scenarios/", scenario, "/metrics/population"))
if (length(dim(pop2)) == 3) pop2 <- array(pop2, c(dim(pop2), 1))
by_group2 <- rowSums(pop2[, , dim(pop2)[3], 1, drop = FALSE], dims = 1)
params2 <- h5read(path, paste0("scenarios/", scenario, "/parameters"))
cat("rhdf5", scenario, paste(groups2, by_group2, sep = "=", collapse = " "),
    "parameters", length(params2$name), "\n")
h5closeAll()
stopifnot(identical(as.numeric(by_group), as.numeric(by_group2)),
          identical(as.character(groups), as.character(groups2)))
