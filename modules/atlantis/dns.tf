################################################################################
# DNS: hostname's alias record to the load balancer, in this layer (the dns layer cannot hold it: the
# certificates layer depends on dns and this layer on certificates, so dns -> atlantis would be a cycle).
################################################################################

resource "aws_route53_record" "this" {
  count = var.route53_zone_id == null ? 0 : 1

  zone_id = var.route53_zone_id
  name    = var.hostname
  type    = "A"

  alias {
    name                   = module.alb.dns_name
    zone_id                = module.alb.zone_id
    evaluate_target_health = true
  }
}
