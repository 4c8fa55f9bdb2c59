# Credentials come from the AWS default chain (environment, shared files, SSO), never from this tree.
provider "aws" {
  region  = var.aws_region
  profile = var.aws_profile

  default_tags {
    tags = {
      "msupgrade-deployment" = var.deployment
    }
  }
}

# The password only through a variable, such as TF_VAR_vsphere_password in the environment.
provider "vsphere" {
  vsphere_server       = var.vsphere_server
  user                 = var.vsphere_user
  password             = var.vsphere_password
  allow_unverified_ssl = var.vsphere_allow_unverified_ssl
}
