/* Where each rank may run (cores, NUMA nodes, host), printed once at start-up: a wrong binding
   from the batch system or mpiexec is the most common cause of a slow parallel run. */
#include "ocsys.h"
#include <errno.h>
#include <hwloc.h>
#include <string.h>

/* Logical indices (as lstopo numbers them) of the objects at a depth that intersect a cpuset,
   as a list such as "0-3,8". */
static PetscErrorCode OcPlacementListObjects(hwloc_topology_t topo, int depth, hwloc_const_cpuset_t set, char *buf, size_t len)
{
  hwloc_bitmap_t logical = hwloc_bitmap_alloc();
  int            n       = hwloc_get_nbobjs_by_depth(topo, depth);

  PetscFunctionBegin;
  PetscCheck(logical, PETSC_COMM_SELF, PETSC_ERR_MEM, "hwloc_bitmap_alloc() failed");
  for (int i = 0; i < n; i++) {
    hwloc_obj_t obj = hwloc_get_obj_by_depth(topo, depth, (unsigned)i);

    if (hwloc_bitmap_intersects(obj->cpuset, set)) PetscCheck(hwloc_bitmap_set(logical, obj->logical_index) == 0, PETSC_COMM_SELF, PETSC_ERR_MEM, "hwloc_bitmap_set() failed");
  }
  PetscCheck(hwloc_bitmap_list_snprintf(buf, len, logical) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "hwloc_bitmap_list_snprintf() failed");
  hwloc_bitmap_free(logical);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* One line describing where this process may run, e.g. "cores 0-3 numa 0". */
static PetscErrorCode OcPlacementDescribe(hwloc_topology_t topo, char *buf, size_t len)
{
  hwloc_cpuset_t bound = hwloc_bitmap_alloc();
  char           cores[256], numa[64];
  PetscBool      unbound;

  PetscFunctionBegin;
  PetscCheck(bound, PETSC_COMM_SELF, PETSC_ERR_MEM, "hwloc_bitmap_alloc() failed");
  PetscCheck(hwloc_get_cpubind(topo, bound, HWLOC_CPUBIND_PROCESS) == 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "hwloc_get_cpubind() failed: %s", strerror(errno));
  /* Not bound means allowed everywhere: the binding covers every PU the process may use. */
  unbound = hwloc_bitmap_isincluded(hwloc_topology_get_allowed_cpuset(topo), bound) ? PETSC_TRUE : PETSC_FALSE;
  /* Machines that report no cores (some virtual machines) list PUs instead. */
  PetscCall(OcPlacementListObjects(topo, hwloc_get_type_or_below_depth(topo, HWLOC_OBJ_CORE), bound, cores, sizeof(cores)));
  PetscCall(OcPlacementListObjects(topo, HWLOC_TYPE_DEPTH_NUMANODE, bound, numa, sizeof(numa)));
  PetscCall(PetscSNPrintf(buf, len, "cores %s%s numa %s", cores, unbound ? " (unbound)" : "", numa));
  hwloc_bitmap_free(bound);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcPlacementView(MPI_Comm comm, FILE *fp)
{
  hwloc_topology_t topo;
  PetscMPIInt      rank, size;
  char             host[256], where[512];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscGetHostName(host, sizeof(host)));
  PetscCheck(hwloc_topology_init(&topo) == 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "hwloc_topology_init() failed: %s", strerror(errno));
  PetscCheck(hwloc_topology_load(topo) == 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "hwloc_topology_load() failed: %s", strerror(errno));
  PetscCall(OcPlacementDescribe(topo, where, sizeof(where)));
  hwloc_topology_destroy(topo);
  PetscCall(PetscSynchronizedFPrintf(comm, fp, "rank %d/%d host %s %s\n", rank, size, host, where));
  PetscCall(PetscSynchronizedFlush(comm, fp));
  PetscFunctionReturn(PETSC_SUCCESS);
}
