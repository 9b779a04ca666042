/* Write bandwidth of the results writer (a benchmark, not a test).

     mpiexec -n 2 bench_output -bench_elements 100000 -bench_records 3600 -bench_series 1 \
       -oc_output_file /tmp/bench.h5 [-oc_output_buffer_steps 60] [-bench_blocks]

   Elements are owned round-robin (every rank's elements scattered over the whole file, the
   worst case for placement) unless -bench_blocks gives each rank one contiguous block. Reports
   the time in flushes (placement of the buffered records by global index, the collective HDF5
   writes and H5Fflush), the time of the records that did not flush (buffering only), the time
   of the whole record loop (computing values, records, flushes, close), and bandwidths in MB/s
   (1e6 bytes). */
#include <ocoutput.h>

int main(int argc, char **argv)
{
  MPI_Comm        comm;
  PetscMPIInt     rank, size;
  PetscInt        n = 100000, nrec = 3600, nseries = 1, nown = 0, *gidx;
  PetscBool       blocks = PETSC_FALSE;
  OcOutput        out;
  OcOutputGroup   group;
  OcOutputSeries *series;
  PetscReal      *v;
  double          t0, t_flush = 0, t_place = 0, t_total, t_close, both[3], worst[3], bytes;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  comm = PETSC_COMM_WORLD;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-bench_elements", &n, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-bench_records", &nrec, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-bench_series", &nseries, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-bench_blocks", &blocks, NULL));

  PetscCall(PetscMalloc1(n, &gidx));
  for (PetscInt i = 0; i < n; i++)
    if (blocks ? (PetscMPIInt)((i * (PetscInt64)size) / n) == rank : i % size == rank) gidx[nown++] = i;
  PetscCall(PetscMalloc1(nown, &v));
  PetscCall(PetscMalloc1(nseries, &series));

  PetscCall(OcOutputCreate(comm, &out));
  PetscCall(OcOutputSetFromOptions(out));
  PetscCall(OcOutputAddGroup(out, "dc_nodes", n, nown, gidx, NULL, NULL, &group));
  for (PetscInt s = 0; s < nseries; s++) {
    char name[32];
    PetscCall(PetscSNPrintf(name, sizeof(name), "u%" PetscInt_FMT "_v", s));
    PetscCall(OcOutputAddSeries(out, group, name, "V", "benchmark series", &series[s]));
  }
  PetscCall(OcOutputSetUp(out));

  PetscCallMPI(MPI_Barrier(comm));
  t0 = MPI_Wtime();
  for (PetscInt k = 0; k < nrec; k++) {
    PetscInt before, after;
    double   t1;
    PetscCall(OcOutputRecordBegin(out, (PetscReal)k));
    for (PetscInt s = 0; s < nseries; s++) {
      for (PetscInt j = 0; j < nown; j++) v[j] = 750.0 + 1e-3 * gidx[j] + 1e-6 * k + s;
      PetscCall(OcOutputSetValues(out, series[s], v));
    }
    PetscCall(OcOutputGetProgress(out, NULL, &before));
    t1 = MPI_Wtime();
    PetscCall(OcOutputRecordEnd(out));
    PetscCall(OcOutputGetProgress(out, NULL, &after));
    if (after > before) t_flush += MPI_Wtime() - t1; /* this End wrote a block */
    else t_place += MPI_Wtime() - t1;
  }
  PetscCall(OcOutputClose(out));
  t_close = MPI_Wtime();
  t_total = t_close - t0;
  both[0] = t_flush;
  both[1] = t_total;
  both[2] = t_place;
  PetscCallMPI(MPI_Allreduce(both, worst, 3, MPI_DOUBLE, MPI_MAX, comm));
  bytes = 8.0 * (double)n * (double)nrec * (double)nseries;
  PetscCall(PetscPrintf(comm, "%d ranks, %" PetscInt_FMT " elements x %" PetscInt_FMT " records x %" PetscInt_FMT " series (%s), %.1f MB of data\n", size, n, nrec, nseries, blocks ? "blocks" : "round-robin", bytes / 1e6));
  PetscCall(PetscPrintf(comm, "flushes:     %8.2f s  %8.1f MB/s\n", worst[0], bytes / 1e6 / worst[0]));
  PetscCall(PetscPrintf(comm, "buffering:   %8.2f s  (the records that did not flush)\n", worst[2]));
  PetscCall(PetscPrintf(comm, "record loop: %8.2f s  %8.1f MB/s (values, records, flushes, close)\n", worst[1], bytes / 1e6 / worst[1]));
  PetscCall(OcOutputDestroy(&out));
  PetscCall(PetscFree(series));
  PetscCall(PetscFree(v));
  PetscCall(PetscFree(gidx));
  PetscCall(PetscFinalize());
  return 0;
}
