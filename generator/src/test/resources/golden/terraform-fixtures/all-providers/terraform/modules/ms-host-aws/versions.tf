terraform {
  required_version = ">= 1.5.0"

  # A reusable module states the oldest versions it works with; the root module pins exact ones.
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0.0"
    }
  }
}
