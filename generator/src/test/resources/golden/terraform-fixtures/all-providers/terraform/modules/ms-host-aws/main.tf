locals {
  ami_name_patterns = {
    "oracle-linux" = "OL${var.os_version}.*-x86_64-HVM-*"
    "rhel"         = "RHEL-${var.os_version}.*_HVM-*-x86_64-*"
  }
  ami_name_pattern = coalesce(var.ami_name_pattern, local.ami_name_patterns[var.os_family])
  tags             = merge(var.tags, { Name = var.name })
}

# The newest AMI of the host's distribution and major version from its publisher.
data "aws_ami" "this" {
  most_recent = true
  owners      = [var.ami_owner]

  filter {
    name   = "name"
    values = [local.ami_name_pattern]
  }

  filter {
    name   = "architecture"
    values = ["x86_64"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

data "aws_ec2_instance_type" "this" {
  instance_type = var.instance_type
}

resource "aws_instance" "this" {
  ami                         = data.aws_ami.this.id
  instance_type               = var.instance_type
  subnet_id                   = var.subnet_id
  private_ip                  = var.private_ip
  vpc_security_group_ids      = var.security_group_ids
  key_name                    = var.key_name
  associate_public_ip_address = var.assign_public_ip
  tags                        = local.tags

  root_block_device {
    volume_type = "gp3"
    volume_size = var.boot_volume_gb
    encrypted   = true
    # Tags here, not volume_tags: volume_tags would also claim the store volume and fight the
    # tags of aws_ebs_volume.store on every apply.
    tags = local.tags
  }

  # IMDSv2 only.
  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }

  lifecycle {
    precondition {
      condition     = data.aws_ec2_instance_type.this.default_vcpus >= var.cpus
      error_message = "Instance type ${var.instance_type} has ${data.aws_ec2_instance_type.this.default_vcpus} vCPUs; host ${var.name} needs ${var.cpus}."
    }

    precondition {
      condition     = data.aws_ec2_instance_type.this.memory_size >= var.memory_gb * 1024
      error_message = "Instance type ${var.instance_type} has ${data.aws_ec2_instance_type.this.memory_size} MiB of memory; host ${var.name} needs ${var.memory_gb} GiB."
    }

    # A newer AMI must not rebuild a host that already carries a message store.
    ignore_changes = [ami]
  }
}

resource "aws_ebs_volume" "store" {
  availability_zone = aws_instance.this.availability_zone
  size              = var.store_disk_gb
  type              = "gp3"
  encrypted         = true
  tags              = merge(local.tags, { Name = "${var.name}-store" })
}

resource "aws_volume_attachment" "store" {
  device_name = var.store_device_name
  volume_id   = aws_ebs_volume.store.id
  instance_id = aws_instance.this.id
}
