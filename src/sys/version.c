/* Version and git hash of this build, for the banner and the output file's metadata. */
#include "ocsys.h"
#include "oc_git_hash.h"

const char *OcVersion(void)
{
  return OC_VERSION;
}

const char *OcGitHash(void)
{
  return OC_GIT_HASH;
}
