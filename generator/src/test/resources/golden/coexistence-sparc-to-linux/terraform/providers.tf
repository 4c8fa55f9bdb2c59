# Credentials come from the OCI configuration file (~/.oci/config) or the chosen auth method,
# never from this tree.
provider "oci" {
  region              = var.oci_region
  auth                = var.oci_auth
  config_file_profile = var.oci_config_file_profile
}
