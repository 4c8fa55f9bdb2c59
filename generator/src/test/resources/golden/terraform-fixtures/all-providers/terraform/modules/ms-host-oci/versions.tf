terraform {
  required_version = ">= 1.5.0"

  # A reusable module states the oldest versions it works with; the root module pins exact ones.
  required_providers {
    oci = {
      source  = "oracle/oci"
      version = ">= 6.0.0"
    }
  }
}
