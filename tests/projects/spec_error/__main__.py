from aiinfra.components.spec import AcceleratorPoolSpec

pool = AcceleratorPoolSpec(name="h100", machine_type="p5.48xlarge", max_nodes=0, zone="usw2-az2")
